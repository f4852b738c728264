package dev.flotilla.coordinator;

import dev.flotilla.model.wire.Envelope;
import dev.flotilla.model.wire.WireCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

/**
 * Writes rows into the coordinator's outbox over JDBC, as one of its transactions would, for tests of
 * what the relay does with rows it did not make itself (too large, or for a topic that cannot exist).
 */
final class OutboxRows {

    /** A row to write: where it goes, its key, and the envelope it carries. */
    record Row(String topic, String key, Envelope<?> envelope) {}

    private final String url;
    private final String user;
    private final String password;

    OutboxRows(String reactiveUrl, String user, String password) {
        this.url = "jdbc:" + reactiveUrl;
        this.user = user;
        this.password = password;
    }

    /** Writes the rows in one transaction, in order; returns their message ids. */
    List<UUID> append(List<Row> rows) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement insert = c.prepareStatement(
                        "insert into outbox (topic, msg_key, payload, created_at) values (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (Row row : rows) {
                insert.setString(1, row.topic());
                insert.setString(2, row.key());
                insert.setBytes(3, WireCodec.encode(row.envelope()));
                insert.setTimestamp(4, Timestamp.from(row.envelope().at()));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            return rows.stream().map(r -> r.envelope().id()).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the outbox: " + e.getMessage(), e);
        }
    }
}
