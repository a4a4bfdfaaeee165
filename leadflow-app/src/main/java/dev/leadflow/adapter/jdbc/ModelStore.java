package dev.leadflow.adapter.jdbc;

import dev.leadflow.adapter.json.PredictorJson;
import dev.leadflow.app.port.Models;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.predict.Predictor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Published model versions, the draft being edited, and the predictors trained for them. Thread-safe. */
public final class ModelStore implements Models {

    private final Database database;

    public ModelStore(Database database) {
        this.database = database;
    }

    /** The latest published version, if any. */
    @Override
    public Optional<Published> current() {
        List<Published> all = query("SELECT version, model_id, yaml, published_at, published_by FROM model_versions"
                + " ORDER BY version DESC LIMIT 1");
        return all.stream().findFirst();
    }

    /** Every published version, newest first. */
    @Override
    public List<Published> versions() {
        return query(
                "SELECT version, model_id, yaml, published_at, published_by FROM model_versions ORDER BY version DESC");
    }

    /** Records a new published version; {@code modelId} must not be published yet. */
    @Override
    public Published publish(String modelId, String yaml, long at, String by) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int version;
                try (PreparedStatement ps =
                                c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (version, model_id, yaml,"
                        + " published_at, published_by) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, modelId);
                    ps.setString(3, yaml);
                    ps.setLong(4, at);
                    ps.setString(5, by);
                    ps.executeUpdate();
                }
                c.commit();
                return new Published(version, modelId, yaml, at, by);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot publish model " + modelId + " in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Draft> draft() {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT yaml, updated_at, updated_by FROM model_draft WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Draft(rs.getString(1), rs.getLong(2), rs.getString(3)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot read the model draft in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void saveDraft(String yaml, long at, String by) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM model_draft");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO model_draft (id, yaml, updated_at, updated_by) VALUES (1, ?, ?, ?)")) {
                delete.executeUpdate();
                insert.setString(1, yaml);
                insert.setLong(2, at);
                insert.setString(3, by);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot save the model draft in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Trained saveTrained(String modelId, Predictor predictor, long at, String by) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int version;
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM predictors");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO predictors (version, model_id, artifact,"
                        + " trained_at, trained_by) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setInt(1, version);
                    ps.setString(2, modelId);
                    ps.setString(3, PredictorJson.write(predictor));
                    ps.setLong(4, at);
                    ps.setString(5, by);
                    ps.executeUpdate();
                }
                c.commit();
                return new Trained(version, modelId, predictor, at, by);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot keep the predictor for " + modelId + " in " + database.describe() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<Trained> trained(String modelId) {
        return trained(modelId, "");
    }

    /** The latest only: the training thread asks every minute, and each artifact read is parsed. */
    @Override
    public java.util.Optional<Trained> latestTrained(String modelId) {
        return trained(modelId, " LIMIT 1").stream().findFirst();
    }

    private List<Trained> trained(String modelId, String limit) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT version, model_id, artifact, trained_at, trained_by"
                        + " FROM predictors WHERE model_id = ? ORDER BY version DESC" + limit)) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Trained> out = new ArrayList<>();
                while (rs.next()) {
                    int version = rs.getInt(1);
                    Predictor predictor = switch (PredictorJson.read(rs.getString(3))) {
                        case PredictorJson.Read.Ok ok -> ok.predictor();
                        case PredictorJson.Read.Invalid bad ->
                            throw new StoreException(
                                    "predictor version " + version + " in " + database.describe() + " is damaged: "
                                            + bad.message() + "; train again (leadflow predict train)",
                                    null);
                    };
                    out.add(new Trained(version, rs.getString(2), predictor, rs.getLong(4), rs.getString(5)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the predictors in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    private List<Published> query(String sql) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            List<Published> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Published(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the models in " + database.describe() + ": " + e.getMessage(), e);
        }
    }
}
