package dev.leadflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.fixtures.Models;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Page;
import dev.leadflow.model.Model;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The engine's own hash tables agree with the JDK's")
class TablesTest {

    private static final Model MODEL = Models.example();

    /** Keys from a small alphabet, so that collisions and long probe runs are common. */
    private static String key(Random random) {
        return "k" + random.nextInt(5_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    @DisplayName("LeadTable: random puts, replacements and removals leave the same mapping as a HashMap")
    void leadTableMatchesHashMap(long seed) {
        Random random = new Random(seed);
        LeadTable table = new LeadTable();
        Map<String, Lead> expected = new HashMap<>();
        for (int step = 0; step < 40_000; step++) {
            String key = key(random);
            if (random.nextInt(3) == 0) {
                table.remove(key);
                expected.remove(key);
            } else {
                Lead lead = new Lead(key + "@" + step, null, MODEL, 0);
                table.put(key, lead);
                expected.put(key, lead);
            }
            String probe = key(random);
            assertThat(table.get(probe)).isSameAs(expected.get(probe));
        }
        assertThat(table.size()).isEqualTo(expected.size());
        assertThat(table.keys()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<Lead> leads = new ArrayList<>();
        table.forEachLead(leads::add);
        assertThat(leads).containsExactlyInAnyOrderElementsOf(expected.values());
        expected.forEach((k, v) -> assertThat(table.get(k)).isSameAs(v));
    }

    @Test
    @DisplayName("LeadTable: keys whose hashes collide are kept apart")
    void leadTableCollisions() {
        LeadTable table = new LeadTable();
        Lead a = new Lead("Aa", null, MODEL, 0);
        Lead b = new Lead("BB", null, MODEL, 0); // "Aa".hashCode() == "BB".hashCode()
        table.put("Aa", a);
        table.put("BB", b);
        table.remove("Aa");
        assertThat(table.get("BB")).isSameAs(b);
        assertThat(table.get("Aa")).isNull();
    }

    @Test
    @DisplayName("AppliedRecords: positions follow insertion; contains agrees with a HashSet through growth")
    void appliedRecordsMatchesHashSet() {
        Random random = new Random(7);
        AppliedRecords records = new AppliedRecords();
        Set<String> expected = new HashSet<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            String id = "m" + random.nextInt(30_000);
            assertThat(records.contains(id)).isEqualTo(expected.contains(id));
            if (expected.add(id)) {
                Page page = new Page(id, at, "u", null, Fields.empty());
                int position = records.add(page, i);
                assertThat(position).isEqualTo(expected.size() - 1);
                assertThat(records.get(position)).isSameAs(page);
            }
        }
        assertThat(records.size()).isEqualTo(expected.size());
        assertThat(records.contains("Aa")).isFalse();
        records.add(new Page("Aa", at, "u", null, Fields.empty()), -2);
        assertThat(records.contains("BB")).as("same hash as Aa, different id").isFalse();
        assertThat(records.contains("Aa")).isTrue();
    }

    @Test
    @DisplayName("AppliedRecords: interleaved history chains come back whole and in processing order")
    void chains() {
        AppliedRecords records = new AppliedRecords();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        int[] last = {AppliedRecords.NONE, AppliedRecords.NONE, AppliedRecords.NONE};
        List<List<Integer>> expected = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Random random = new Random(11);
        for (int i = 0; i < 3_000; i++) {
            int position = records.add(new Page("m" + i, at, "u", null, Fields.empty()), i);
            int lead = random.nextInt(3);
            if (lead < 2) { // lead 2 stands for records in no history (sales actions, aliases)
                records.link(position, last[lead]);
                last[lead] = position;
                expected.get(lead).add(position);
            }
        }
        for (int lead = 0; lead < 2; lead++) {
            assertThat(records.chain(last[lead]))
                    .containsExactly(
                            expected.get(lead).stream().mapToInt(p -> p).toArray());
        }
        assertThat(records.chain(AppliedRecords.NONE)).isEmpty();
    }
}
