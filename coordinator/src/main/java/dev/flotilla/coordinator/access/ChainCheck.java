package dev.flotilla.coordinator.access;

/**
 * Walks the audit log in order and says where its chain first breaks. Rows are fed one at a time so a
 * long log is checked page by page; the check is the fold, the reading is the caller's.
 */
public final class ChainCheck {

    private final byte[] key;
    private String previous = AuditChain.GENESIS;
    private long rows;
    private Break firstBreak;

    /** @param key the HMAC key the rows were hashed with; null for plain SHA-256 */
    public ChainCheck(byte[] key) {
        this.key = key == null ? null : key.clone();
    }

    /** Where the chain breaks: the row, and what is wrong with it. */
    public record Break(long seq, String problem) {}

    /** The outcome: rows checked, the last hash (to compare with one written down before), the first break. */
    public record Result(long rows, String head, Break firstBreak) {
        public boolean intact() {
            return firstBreak == null;
        }
    }

    /** Feeds the next row, as stored: its seq, fields, the hash it links to and its own hash. */
    public void accept(long seq, AuditEntry entry, String storedPrevious, String storedHash) {
        rows++;
        if (firstBreak == null) {
            if (!previous.equals(storedPrevious)) {
                firstBreak = new Break(
                        seq,
                        "it links to a hash that is not the previous row's: a row before it was deleted or"
                                + " changed, or rows were inserted");
            } else if (!AuditChain.hash(key, storedPrevious, seq, entry).equals(storedHash)) {
                firstBreak = new Break(seq, "its fields do not match its hash: the row was changed");
            }
        }
        previous = storedHash;
    }

    public Result result() {
        return new Result(rows, previous, firstBreak);
    }
}
