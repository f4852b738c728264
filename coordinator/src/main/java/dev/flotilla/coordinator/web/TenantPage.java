package dev.flotilla.coordinator.web;

import dev.flotilla.coordinator.api.CatalogResources.TenantDetails;
import dev.flotilla.coordinator.matrix.MatrixView;
import java.util.List;

/** A tenant's page: what the API says of it, each migration's cell coloured by its state. */
public record TenantPage(TenantDetails details, List<CellLine> cells) {

    /** One migration's cell of the tenant. */
    public record CellLine(MatrixView.Cell cell, String css, String state) {

        /** The checksum's first 12 characters, enough to compare by eye; the whole one is its title. */
        public String shortChecksum() {
            String checksum = cell.checksum();
            return checksum == null ? "" : checksum.substring(0, Math.min(12, checksum.length()));
        }
    }

    static TenantPage of(TenantDetails details) {
        return new TenantPage(
                details,
                details.migrations().stream()
                        .map(c -> new CellLine(c, HeatCell.css(c.state()), HeatCell.label(c.state())))
                        .toList());
    }
}
