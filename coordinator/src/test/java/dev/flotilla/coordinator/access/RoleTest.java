package dev.flotilla.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void shouldGrantEveryRoleToAnAdminAndReadingToEveryone() {
        assertThat(Role.grantedBy(Set.of("admin")))
                .containsExactlyInAnyOrder("viewer", "operator", "approver", "admin");
        assertThat(Role.grantedBy(Set.of("operator"))).containsExactlyInAnyOrder("viewer", "operator");
        assertThat(Role.grantedBy(Set.of("approver"))).containsExactlyInAnyOrder("viewer", "approver");
        assertThat(Role.grantedBy(Set.of("viewer"))).containsExactly("viewer");
    }

    @Test
    void shouldKeepOperatingAndApprovingApartWhenGrantedOneOfThem() {
        assertThat(Role.grantedBy(Set.of("operator"))).doesNotContain("approver");
        assertThat(Role.grantedBy(Set.of("approver"))).doesNotContain("operator");
    }

    @Test
    void shouldIgnoreGroupsThatNameNoRoleWhenAnIdentityProviderSendsThem() {
        assertThat(Role.grantedBy(Set.of("everyone", "Operator "))).containsExactlyInAnyOrder("viewer", "operator");
        assertThat(Role.grantedBy(Set.of("everyone"))).isEmpty();
        assertThat(Role.parse(null)).isEmpty();
    }

    @Test
    void shouldMapAnIdentityProvidersGroupToItsRoleBeforeAddingWhatTheRoleIncludes() {
        assertThat(Role.grantedBy(Set.of("release-managers", "staff"), Map.of("release-managers", "approver")))
                .containsExactlyInAnyOrder("approver", "viewer");
    }
}
