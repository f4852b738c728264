package dev.flotilla.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void shouldSplitAtTheLastColonWhenParsing() {
        assertThat(HostPort.parse("db.internal:6543")).isEqualTo(new HostPort("db.internal", 6543));
    }

    @Test
    void shouldAcceptABracketedIpv6HostAndPrintItBack() {
        HostPort parsed = HostPort.parse("[::1]:5432");

        assertThat(parsed.host()).isEqualTo("::1");
        assertThat(parsed).hasToString("[::1]:5432");
    }

    @Test
    void shouldRejectTextWhenItHasNoPort() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("localhost:")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse(":5432")).hasMessageContaining("is not HOST:PORT");
    }

    @Test
    void shouldRejectAPortWhenItIsNotANumberOrOutOfRange() {
        assertThatThrownBy(() -> HostPort.parse("h:pg")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HostPort.parse("h:70000")).hasMessageContaining("not between 1 and 65535");
    }
}
