package dev.leadflow.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadflow.app.HandoffCase;
import dev.leadflow.app.LeadDetails;
import dev.leadflow.engine.LeadSnapshot;
import dev.leadflow.engine.LeadSummary;
import dev.leadflow.handoff.Desk;
import dev.leadflow.handoff.SlaClock;
import dev.leadflow.input.Input;
import dev.leadflow.input.InputCodec;
import dev.leadflow.lab.ScoreHistory;
import dev.leadflow.lifecycle.Transition;
import dev.leadflow.model.Model;
import dev.leadflow.model.Score;
import dev.leadflow.predict.Predictor;
import dev.leadflow.scoring.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a lead's page shows: its headline, its score ledger rule by rule ("why is this an MQL?"),
 * its hand-off (owner, SLA clocks) and one timeline of its records, stage changes and hand-off
 * events, oldest first.
 */
final class LeadView {

    /** One line of the ledger: {@code event} names the record ({@code page /pricing}), {@code id} is its messageId. */
    public record Line(String rule, String score, String points, String event, String id, String at) {}

    /** One factor of the probability: {@code attribute.company.industry = software}, {@code +0.41}. */
    public record Factor(String label, String contribution) {}

    /** One entry of the timeline. */
    public record Entry(String at, String kind, String what, String detail) {}

    /** An SLA clock: which, due when, and its state. */
    public record Clock(String name, String due, String until, String state) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PLAIN = Set.of("type", "at", "lead", "userId", "timestamp", "messageId");

    private final InputCodec codec = new InputCodec();

    Map<String, Object> model(LeadDetails view, Model scoring, long now) {
        LeadSnapshot lead = view.snapshot();
        Map<String, Object> model = new HashMap<>();
        model.put("id", lead.id());
        Optional<LeadSummary> summary = Optional.of(view.summary());
        model.put("name", summary.flatMap(LeadSummary::name).orElse(""));
        model.put("email", summary.flatMap(LeadSummary::email).orElse(""));
        model.put("company", summary.flatMap(LeadSummary::company).orElse(""));
        model.put("stage", lead.stage().wireName());
        model.put("fit", points(lead.fit()));
        model.put("engagement", points(lead.engagement()));
        model.put("grade", lead.grade().orElse("–"));
        model.put("cycle", lead.cycle());
        model.put("mqlAt", lead.mqlAt().map(Times::format).orElse(""));
        model.put("model", lead.model());
        List<LedgerEntry> ledger = lead.ledger().stream()
                .sorted(Comparator.comparing(LedgerEntry::score).thenComparingDouble(e -> -Math.abs(e.points())))
                .toList();
        Map<String, Input> records = new HashMap<>();
        view.history().forEach(in -> records.put(in.messageId(), in));
        model.put("ledger", ledger.stream().map(e -> line(e, records, scoring)).toList());
        probability(model, lead, scoring);
        model.put(
                "chart",
                LeadChart.of(
                        ScoreHistory.of(
                                scoring,
                                lead.id(),
                                view.history(),
                                lead.transitions().stream().map(Transition::at).toList(),
                                now),
                        lead.transitions()));
        model.put("why", why(lead));
        HandoffCase handoff = view.handoff();
        Optional<Desk.CaseView> desk = handoff.desk();
        model.put("owner", desk.flatMap(Desk.CaseView::owner).orElse(""));
        model.put("team", desk.flatMap(Desk.CaseView::team).orElse(""));
        model.put("track", handoff.track().orElse(""));
        List<Clock> clocks = new ArrayList<>();
        desk.ifPresent(d -> {
            d.accept().ifPresent(c -> clocks.add(clock("accept", c, d.accepted(), now)));
            d.firstTouch().ifPresent(c -> clocks.add(clock("first touch", c, d.touched(), now)));
        });
        model.put("clocks", clocks);
        model.put("timeline", timeline(view));
        return model;
    }

    /** Why the lead is (or was last) an MQL: the move into MQL, with who or what made it. */
    private static String why(LeadSnapshot lead) {
        return lead.transitions().reversed().stream()
                .filter(t -> t.to() == dev.leadflow.lifecycle.Stage.MQL)
                .findFirst()
                .map(t -> "Became an MQL " + Times.format(t.at()) + " by " + t.actor()
                        + (t.reason() == null ? "" : " (" + t.reason() + ")") + " in cycle " + t.cycle()
                        + "; the points below are its scores now.")
                .orElse("Not an MQL yet; the points below are its scores now.");
    }

    /** The probability, its five largest factors each way, or why there is none. */
    private static void probability(Map<String, Object> model, LeadSnapshot lead, Model scoring) {
        model.put("predictive", scoring.predictive().isPresent());
        model.put("target", scoring.predictive().map(p -> p.target().wireName()).orElse(""));
        Optional<Predictor.Explanation> x = lead.probability();
        model.put(
                "probability",
                x.map(p -> String.format(Locale.ROOT, "%.0f%%", 100 * p.probability()))
                        .orElse(""));
        model.put("raising", x.map(p -> factors(p.positive(5))).orElse(List.of()));
        model.put("lowering", x.map(p -> factors(p.negative(5))).orElse(List.of()));
    }

    private static List<Factor> factors(List<Predictor.Factor> factors) {
        return factors.stream()
                .map(f -> new Factor(f.label(), String.format(Locale.ROOT, "%+.2f", f.contribution())))
                .toList();
    }

    private static Line line(LedgerEntry e, Map<String, Input> records, Model scoring) {
        String id = e.event() == null ? "" : e.event();
        return new Line(
                e.rule(),
                e.score() == Score.FIT ? "fit" : "engagement",
                points(e.points()),
                LedgerLabels.of(e, records, scoring),
                id,
                e.at() == null ? "" : Times.format(e.at()));
    }

    private static Clock clock(String name, SlaClock c, boolean kept, long now) {
        long due = c.due().toEpochMilli();
        String state =
                kept ? "kept" : due <= now ? "breached" : c.warning().toEpochMilli() <= now ? "warning" : "running";
        return new Clock(name, Times.format(due), kept ? "" : Times.until(due, now), state);
    }

    private List<Entry> timeline(LeadDetails view) {
        return view.timeline().stream()
                .map(e -> switch (e) {
                    case LeadDetails.Entry.Recorded r -> record(r.input());
                    case LeadDetails.Entry.Moved m -> stage(m.transition());
                    case LeadDetails.Entry.HandedOff h ->
                        new Entry(
                                Times.format(h.at()),
                                "hand-off",
                                h.event().type().replace('_', ' '),
                                fields(h.event().body()));
                })
                .toList();
    }

    private static Entry stage(Transition t) {
        return new Entry(
                Times.format(t.at()),
                "stage",
                t.from().wireName() + " → " + t.to().wireName(),
                "by " + t.actor() + (t.reason() == null ? "" : ", " + t.reason()) + ", cycle " + t.cycle());
    }

    private Entry record(Input in) {
        try {
            JsonNode n = JSON.readTree(codec.write(in));
            String type = n.path("type").asText();
            String what = switch (type) {
                case "track" -> n.path("event").asText();
                case "page", "screen" ->
                    n.path("name").asText(n.path("properties").path("path").asText(type));
                case "lifecycle" -> n.path("action").asText();
                default -> type;
            };
            return new Entry(Times.format(in.epochMillis()), type, what, fields(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fields(String json) {
        try {
            return fields(JSON.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }

    /** A record's or event's fields in brief: {@code key: value, …}, nested objects flattened one level. */
    private static String fields(JsonNode n) {
        List<String> parts = new ArrayList<>();
        n.properties().forEach(f -> {
            if (PLAIN.contains(f.getKey()) || f.getValue().isNull()) {
                return;
            }
            if (f.getValue().isObject()) {
                f.getValue().properties().forEach(g -> parts.add(g.getKey() + ": " + brief(g.getValue())));
            } else {
                parts.add(f.getKey() + ": " + brief(f.getValue()));
            }
        });
        String text = String.join(", ", parts);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String brief(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static String points(double p) {
        return String.format(Locale.ROOT, "%.1f", p);
    }
}
