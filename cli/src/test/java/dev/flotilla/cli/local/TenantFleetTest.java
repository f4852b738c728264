package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantFleetTest {

    @Test
    void shouldNameTenantsWithFourDigitsFromOne() {
        assertThat(TenantFleet.tenantIds(3)).containsExactly("tenant_0001", "tenant_0002", "tenant_0003");
    }

    @Test
    void shouldDealTenantsToSitesRoundRobinWhenSplitting() {
        List<List<String>> split = TenantFleet.splitRoundRobin(TenantFleet.tenantIds(7), 3);

        assertThat(split)
                .containsExactly(
                        List.of("tenant_0001", "tenant_0004", "tenant_0007"),
                        List.of("tenant_0002", "tenant_0005"),
                        List.of("tenant_0003", "tenant_0006"));
    }

    @Test
    void shouldGiveEverySiteAShareWithinOneOfTheOthersWhenSplitting() {
        List<List<String>> split = TenantFleet.splitRoundRobin(TenantFleet.tenantIds(24), 5);

        assertThat(split).hasSize(5).allSatisfy(site -> assertThat(site).hasSizeBetween(4, 5));
        assertThat(split.stream().flatMap(List::stream)).hasSize(24).doesNotHaveDuplicates();
    }

    @Test
    void shouldPutEveryTenantOnTheOnlySiteWhenThereIsOne() {
        assertThat(TenantFleet.splitRoundRobin(TenantFleet.tenantIds(4), 1)).containsExactly(TenantFleet.tenantIds(4));
    }

    @Test
    void shouldRejectASplitWhenThereAreNoSites() {
        assertThatThrownBy(() -> TenantFleet.splitRoundRobin(List.of("a"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
