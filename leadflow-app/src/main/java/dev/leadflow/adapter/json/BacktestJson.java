package dev.leadflow.adapter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.leadflow.lab.BacktestResult;

/** A backtest's result as JSON (docs/MODEL.md, "Backtest"): its records' components in snake_case, one line. */
public final class BacktestJson {

    private static final ObjectMapper JSON = Json.mapper()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private BacktestJson() {}

    public static String write(BacktestResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backtest's records always write", e);
        }
    }
}
