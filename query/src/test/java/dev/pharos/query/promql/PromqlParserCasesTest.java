package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.promql.parse.Parser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of parser inputs with the outcome Prometheus 3.x gives (error text and position), collected from its parser
 * tests. A row is {@code query TAB expected}, where expected is either the error message or {@code OK <printed expr>}.
 */
class PromqlParserCasesTest {

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(PromqlParserCasesTest.class.getResourceAsStream("/promql/parse-cases.tsv")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("# ")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                out.add(Arguments.of(parts[0], parts[1]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesLikePrometheus(String query, String expected) {
        String got;
        try {
            got = "OK " + Parser.parse(query.replace("\\n", "\n"));
        } catch (RuntimeException e) {
            got = e.getMessage();
        }
        assertThat(got).isEqualTo(expected);
    }
}
