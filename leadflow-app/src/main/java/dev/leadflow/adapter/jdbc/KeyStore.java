package dev.leadflow.adapter.jdbc;

import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.Scope;
import dev.leadflow.app.port.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API and write keys. A key is {@code lf_<scope>_<id>_<secret>}: the id is public (it names the key
 * in logs), the secret is 32 random bytes; only a SHA-256 of the whole key is stored, so a key is
 * shown once, when created. Thread-safe.
 */
public final class KeyStore implements Keys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Database database;
    /** Keys that authenticated, by hash: keys are never changed or revoked, so a hit is final. */
    private final java.util.concurrent.ConcurrentHashMap<String, Key> known =
            new java.util.concurrent.ConcurrentHashMap<>();

    public KeyStore(Database database) {
        this.database = database;
    }

    /** Creates a key and returns it; it cannot be read back later. */
    public String create(Scope scope, long nowMillis) {
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String key = "lf_" + scope.wireName() + "_" + id + "_" + BASE64.encodeToString(secret);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO api_keys (id, secret_hash, scope, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, hash(key));
            ps.setString(3, scope.wireName());
            ps.setLong(4, nowMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store a new key in " + database.describe() + ": " + e.getMessage(), e);
        }
        return key;
    }

    /** The public id of a key {@link #create} made: the part between its scope and its secret. */
    public static String idOf(String key) {
        String[] parts = key.split("_", 4);
        if (parts.length != 4 || !parts[0].equals("lf")) {
            throw new IllegalArgumentException("not a Leadflow key");
        }
        return parts[2];
    }

    /** The key, if {@code presented} is one. */
    @Override
    public Optional<Key> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(presented);
        Key cached = known.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, scope FROM api_keys WHERE secret_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String id = rs.getString(1);
                Optional<Key> key = Scope.parse(rs.getString(2)).map(scope -> new Key(id, scope));
                key.ifPresent(k -> known.put(hash, k));
                return key;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot check a key in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    /** How many keys exist. */
    public long count() {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_keys");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count keys in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
