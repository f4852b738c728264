package dev.flotilla.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCheckTest {

    private record Row(long seq, AuditEntry entry, String prev, String hash) {}

    private static final byte[] KEY = "a key the database never sees".getBytes(StandardCharsets.UTF_8);

    private static List<Row> chain(int size) {
        return chain(size, null);
    }

    private static List<Row> chain(int size, byte[] key) {
        List<Row> rows = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= size; i++) {
            AuditEntry entry = new AuditEntry(
                    Instant.parse("2026-12-07T10:00:00.123456789Z").plusSeconds(i),
                    "alice",
                    "POST /api/rollouts/{id}/pause",
                    "/api/rollouts/r" + i + "/pause",
                    200,
                    i % 2 == 0 ? null : "rollout=r" + i);
            String hash = AuditChain.hash(key, prev, i, entry);
            rows.add(new Row(i, entry, prev, hash));
            prev = hash;
        }
        return rows;
    }

    private static ChainCheck.Result check(List<Row> rows) {
        return check(rows, null);
    }

    private static ChainCheck.Result check(List<Row> rows, byte[] key) {
        ChainCheck check = new ChainCheck(key);
        rows.forEach(r -> check.accept(r.seq(), r.entry(), r.prev(), r.hash()));
        return check.result();
    }

    @Test
    void shouldFindAnIntactChainWithItsHeadWhenNothingWasTouched() {
        List<Row> rows = chain(5);
        ChainCheck.Result result = check(rows);
        assertThat(result.intact()).isTrue();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.head()).isEqualTo(rows.getLast().hash());
    }

    @Test
    void shouldNameTheRowWhenOneOfItsFieldsWasChanged() {
        List<Row> rows = chain(5);
        Row third = rows.get(2);
        AuditEntry e = third.entry();
        rows.set(
                2,
                new Row(
                        3,
                        new AuditEntry(e.at(), "mallory", e.action(), e.target(), e.status(), e.detail()),
                        third.prev(),
                        third.hash()));
        ChainCheck.Result result = check(rows);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().seq()).isEqualTo(3);
        assertThat(result.firstBreak().problem()).contains("changed");
    }

    @Test
    void shouldNameTheRowAfterWhenARowWasDeleted() {
        List<Row> rows = chain(5);
        rows.remove(1);
        ChainCheck.Result result = check(rows);
        assertThat(result.firstBreak().seq()).isEqualTo(3);
        assertThat(result.firstBreak().problem()).contains("deleted");
    }

    @Test
    void shouldTellAMissingDetailFromAnEmptyOneWhenHashing() {
        AuditEntry none = new AuditEntry(Instant.EPOCH, "a", "b", "c", 200, null);
        AuditEntry empty = new AuditEntry(Instant.EPOCH, "a", "b", "c", 200, "");
        assertThat(AuditChain.hash(null, AuditChain.GENESIS, 1, none))
                .isNotEqualTo(AuditChain.hash(null, AuditChain.GENESIS, 1, empty));
    }

    @Test
    void shouldFindAChainRewrittenWithoutTheKeyWhenTheRowsAreKeyed() {
        // given a keyed chain, and someone who rewrites row 2 and every hash after it, without the key
        List<Row> rows = chain(4, KEY);
        AuditEntry e = rows.get(1).entry();
        AuditEntry forged = new AuditEntry(e.at(), "mallory", e.action(), e.target(), e.status(), e.detail());
        String prev = rows.get(1).prev();
        List<Row> rewritten = new ArrayList<>(rows.subList(0, 1));
        for (int i = 1; i < rows.size(); i++) {
            AuditEntry entry = i == 1 ? forged : rows.get(i).entry();
            String hash = AuditChain.hash(null, prev, i + 1, entry);
            rewritten.add(new Row(i + 1, entry, prev, hash));
            prev = hash;
        }

        // then the keyed check finds it, and finds the untouched chain intact (which no unkeyed check does)
        assertThat(check(rewritten, KEY).firstBreak().seq()).isEqualTo(2);
        assertThat(check(rows, KEY).intact()).isTrue();
        assertThat(check(rows, null).intact()).isFalse();
    }
}
