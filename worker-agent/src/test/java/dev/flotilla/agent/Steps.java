package dev.flotilla.agent;

import dev.flotilla.model.catalog.Checksum;
import dev.flotilla.model.catalog.Version;
import dev.flotilla.model.wire.PlanStep;

/** Plan steps as the coordinator ships them: scripts with their real checksums. */
final class Steps {

    private Steps() {}

    static PlanStep transactional(String version, String name, String upSql) {
        return new PlanStep(Version.of(version), name, upSql, Checksum.of(upSql), true, null, null, true, null, null);
    }

    static PlanStep nonTransactional(String version, String name, String upSql) {
        return new PlanStep(Version.of(version), name, upSql, Checksum.of(upSql), false, null, null, true, null, null);
    }

    /** A transactional step with a down script. */
    static PlanStep reversible(String version, String name, String upSql, String downSql) {
        return new PlanStep(
                Version.of(version),
                name,
                upSql,
                Checksum.of(upSql),
                true,
                downSql,
                Checksum.of(downSql),
                true,
                null,
                null);
    }
}
