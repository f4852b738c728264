package dev.flotilla.model.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTypesTest {

    /** Every record of the sealed {@link Payload} hierarchy, however deep. */
    private static List<Class<?>> payloadRecords(Class<?> type) {
        List<Class<?>> records = new ArrayList<>();
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                records.addAll(payloadRecords(sub));
            }
        } else {
            records.add(type);
        }
        return records;
    }

    @Test
    void shouldKnowTheClassOfEveryPayloadRecordWhenReadingItsName() {
        // given
        List<Class<?>> records = payloadRecords(Payload.class);

        // then: today every type is named after its record
        assertThat(records).hasSize(14);
        for (Class<?> record : records) {
            assertThat(MessageTypes.classOf(record.getSimpleName()))
                    .hasValueSatisfying(c -> assertThat(c).isEqualTo(record));
        }
    }

    @Test
    void shouldKnowNoClassWhenTheNameIsNotOfTheContract() {
        assertThat(MessageTypes.classOf("Teleport")).isEmpty();
        assertThat(MessageTypes.classOf("runTenant")).isEmpty();
    }
}
