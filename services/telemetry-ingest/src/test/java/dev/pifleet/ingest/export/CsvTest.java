package dev.pifleet.ingest.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndRecordsEndWithCrLf() {
        assertThat(Csv.record(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "")))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\r\n");
    }

    @Test
    void stringsASpreadsheetWouldRunAsFormulasAreNeutralised() {
        assertThat(List.of("=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx").stream().map(Csv::cell))
                .containsExactly("'=SUM(A1)", "'+1", "'-2", "'@cmd", "'\tx", "'\rx");
        assertThat(Csv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void numbersAndBooleansAreWrittenAsTheyAreAndMissingValuesAsEmptyCells() {
        assertThat(Csv.cell(-2.5)).isEqualTo("-2.5");
        assertThat(Csv.cell(-7L)).isEqualTo("-7");
        assertThat(Csv.cell(true)).isEqualTo("true");
        assertThat(Csv.cell(null)).isEmpty();
    }
}
