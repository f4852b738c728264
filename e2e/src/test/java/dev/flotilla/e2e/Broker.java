package dev.flotilla.e2e;

import dev.flotilla.testkit.KafkaBroker;

/**
 * The Kafka broker a {@link TestSystem} runs on: the testkit's in-process one, or a {@link
 * BrokerProcess} of its own that a test can kill and start again. Closing it stops it and removes its
 * data.
 */
interface Broker extends AutoCloseable {

    /** Where clients connect; the same for the broker's whole life, restarts included. */
    String bootstrapServers();

    @Override
    void close() throws Exception;

    /** The testkit's in-process broker ({@link KafkaBroker}), started now. */
    static Broker inProcess() {
        KafkaBroker broker = KafkaBroker.start();
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }
}
