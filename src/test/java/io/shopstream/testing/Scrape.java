package io.shopstream.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics} (Prometheus text format), with its series parsed for assertions. */
public final class Scrape {

    public record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final List<Series> series;

    private Scrape(String text) {
        this.text = text;
        List<Series> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalStateException("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            parsed.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        this.series = List.copyOf(parsed);
    }

    public static Scrape take() {
        return new Scrape(given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public String text() {
        return text;
    }

    /** The sum over the series of this name whose labels include all of {@code labels} (name, value pairs). */
    public double value(String name, String... labels) {
        double sum = 0;
        for (Series s : series) {
            if (s.name().equals(name) && hasAll(s.labels(), labels)) {
                sum += s.value();
            }
        }
        return sum;
    }

    public List<Series> series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).toList();
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        series.forEach(s -> names.add(s.name()));
        return names;
    }

    private static boolean hasAll(Map<String, String> actual, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(actual.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
