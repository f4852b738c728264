-- Retention (service/Retention) deletes processed message ids and dead letters older than their
-- horizons, a bounded batch at a time: each batch finds its rows by age through these indexes
-- instead of scanning the tables, which grow by a row per event.
create index processed_messages_processed_at on processed_messages (processed_at);
create index dead_letters_received_at on dead_letters (received_at);
