package dev.flotilla.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static Catalog catalog(int size) {
        return TestCatalogs.ofSize(size);
    }

    private static List<String> versions(List<Migration> migrations) {
        return migrations.stream().map(m -> m.version().text()).toList();
    }

    @Test
    void shouldChooseThePositionsInCatalogOrderOnceEachWhenGivenNumbersAndRanges() {
        // when
        List<Migration> chosen = Selection.parse("9, 3-5,1,4").resolve(catalog(10));

        // then
        assertThat(versions(chosen)).containsExactly("0001", "0003", "0004", "0005", "0009");
    }

    @Test
    void shouldChooseEveryMigrationWhenTheSelectionIsAll() {
        assertThat(versions(Selection.parse("all").resolve(catalog(3)))).containsExactly("0001", "0002", "0003");
    }

    @Test
    void shouldChooseNothingWhenTheSelectionIsEmptyOrNone() {
        assertThat(Selection.parse("").isEmpty()).isTrue();
        assertThat(Selection.parse(" none ").isEmpty()).isTrue();
        assertThat(Selection.parse(null).resolve(catalog(3))).isEmpty();
        assertThat(Selection.parse("all").isEmpty()).isFalse();
    }

    @Test
    void shouldNameThePartWhenASelectionIsMalformed() {
        assertThatThrownBy(() -> Selection.parse("1,x")).hasMessageContaining("'x' is not a position");
        assertThatThrownBy(() -> Selection.parse("1,,2")).hasMessageContaining("'' is not a position");
        assertThatThrownBy(() -> Selection.parse("5-3")).hasMessageContaining("range 5-3 runs backwards");
        assertThatThrownBy(() -> Selection.parse("0-2")).hasMessageContaining("positions start at 1");
        assertThatThrownBy(() -> Selection.parse("-2")).hasMessageContaining("'-2' is not a position");
    }

    @Test
    void shouldSayHowLargeTheCatalogIsWhenAPositionLiesBeyondIt() {
        assertThatThrownBy(() -> Selection.parse("2-12").resolve(catalog(10)))
                .hasMessage("position 12 is beyond the catalog's 10 migrations");
    }
}
