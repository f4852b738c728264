package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.CatalogResources.TenantDetails;
import dev.flotilla.coordinator.matrix.MatrixView;
import java.util.List;

/** A tenant's page: what the API says of it, each migration's cell coloured by its state. */
public record TenantPage(TenantDetails details, List<CellLine> cells) {

    /** One migration's cell of the tenant. */
    public record CellLine(MatrixView.Cell cell, String css, String state) {}

    static TenantPage of(TenantDetails details) {
        return new TenantPage(
                details,
                details.migrations().stream()
                        .map(c -> new CellLine(c, HeatCell.css(c.state()), HeatCell.label(c.state())))
                        .toList());
    }
}
