package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.promql.conformance.ConformanceRunner;
import dev.pharos.query.promql.conformance.FileReport;
import dev.pharos.query.promql.conformance.InMemoryScriptStorage;
import org.junit.jupiter.api.Test;

class PromqlConformanceRunnerTest {

    private final ConformanceRunner runner = new ConformanceRunner(new InMemoryScriptStorage());

    @Test
    void matchingExpectationsPass() {
        FileReport r = runner.run("t", """
                load 5m
                  metric{job="a"} 0+10x10
                  metric{job="b"} 0+20x10

                eval instant at 50m sum(metric)
                  {} 300

                eval range from 0 to 10m step 5m metric{job="a"}
                  metric{job="a"} 0 10 20
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(2);
    }

    @Test
    void wrongValuesAndWrongSeriesFail() {
        FileReport r = runner.run("t", """
                load 5m
                  metric{job="a"} 0+10x10

                eval instant at 50m sum(metric)
                  {} 301

                eval instant at 50m metric
                  metric{job="b"} 100

                eval range from 0 to 10m step 5m metric
                  metric{job="a"} 0 10

                eval instant at 50m metric
                  expect fail
                """);
        assertThat(r.failed()).isEqualTo(4);
        assertThat(r.failures().getFirst().line()).isEqualTo(4);
        assertThat(r.failures().getFirst().message()).contains("expected 301");
    }

    @Test
    void nativeHistogramCasesAreSkippedNotPassed() {
        FileReport r = runner.run("t", """
                load 5m
                  hist {{schema:0 sum:1 count:1}}x3
                  floats 1 2 3

                eval instant at 10m hist
                  {} {{schema:0 sum:1 count:1}}

                eval instant at 10m count({__name__=~".+"})
                  {} 2

                eval instant at 10m floats
                  floats 3
                """);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.passed()).isEqualTo(1);
    }

    @Test
    void statesetsAndStartTimestampsAreSkippedNotPassed() {
        FileReport r = runner.run("t", """
                load 1m
                  phase{pod="a"} ss(phase, Running=1 Failed=0) x2
                  counter@st _ -1m -1m
                  counter _ 5 7
                  other{"dotted.name"="x"} 1 2 3

                eval instant at 1m phase
                  phase{pod="a"} ss(phase, Failed=0 Running=1)

                eval instant at 2m rate(counter[2m])
                  {} 1

                eval instant at 2m other
                  other{"dotted.name"="x"} 3
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void quotedMetricNamesInSeriesLinesKeepTheName() {
        FileReport r = runner.run("t", """
                load 1m
                  {"http.requests", "service.name"="api"} 0+50x2

                eval instant at 2m {"http.requests"}
                  {"http.requests", "service.name"="api"} 100
                """);
        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isEqualTo(1);
    }

    @Test
    void expectedFailureMessageIsCompared() {
        FileReport r = runner.run("t", """
                load 5m
                  a{x="1"} 1
                  a{x="2"} 2
                  b 3

                eval instant at 0m b > on() a
                  expect fail msg: found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="a", x="1"}, {__name__="a", x="2"}];many-to-many matching not allowed: matching labels must be unique on one side

                eval instant at 0m b > on() a
                  expect fail msg: something else
                """);
        assertThat(r.passed()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
    }
}
