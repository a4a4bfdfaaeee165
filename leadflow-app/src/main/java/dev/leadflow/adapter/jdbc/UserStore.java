package dev.leadflow.adapter.jdbc;

import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.Users;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Dashboard users: a name, a role and, for sales, the hand-off member whose queue is theirs. Thread-safe. */
public final class UserStore implements Users {

    public static final int MIN_PASSWORD = 10;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    /** Checked against when the user does not exist, so that a wrong name costs as long as a wrong password. */
    private static final String DUMMY = Passwords.hash("not-a-password".toCharArray());

    private final Database database;

    public UserStore(Database database) {
        this.database = database;
    }

    /** What is wrong with a new user's name and password (empty: nothing). */
    public static List<String> problems(String username, char[] password) {
        List<String> problems = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add("user name: 1 to 64 of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit; got '"
                    + username + "'");
        }
        if (password.length < MIN_PASSWORD) {
            problems.add("password: at least " + MIN_PASSWORD + " characters");
        }
        return problems;
    }

    /**
     * Stores a new user ({@link #problems} must be empty); a sales user's member defaults to the
     * user name.
     *
     * @return false when a user of that name exists (nothing is changed)
     */
    public boolean create(String username, char[] password, Role role, @Nullable String member, long nowMillis) {
        if (!problems(username, password).isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems(username, password)));
        }
        if (find(username).isPresent()) {
            return false;
        }
        String hash = Passwords.hash(password);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (username, password_hash, role, member, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, username);
            ps.setString(2, hash);
            ps.setString(3, role.wireName());
            ps.setString(4, role == Role.SALES ? (member == null ? username : member) : null);
            ps.setLong(5, nowMillis);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (find(username).isPresent()) {
                return false; // created meanwhile
            }
            throw new StoreException(
                    "cannot store user '" + username + "' in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<User> authenticate(@Nullable String username, char[] password) {
        Optional<Stored> stored = username == null ? Optional.empty() : load(username);
        boolean ok = Passwords.matches(password, stored.map(Stored::hash).orElse(DUMMY));
        return ok ? stored.map(Stored::user) : Optional.empty();
    }

    public Optional<User> find(String username) {
        return load(username).map(Stored::user);
    }

    /** Whether there is any user, without reading them (the login page asks on every view). */
    @Override
    public boolean any() {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw new StoreException("cannot read users in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    public List<User> list() {
        List<User> users = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT username, password_hash, role, member FROM users" + " ORDER BY username");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                read(rs).ifPresent(s -> users.add(s.user()));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read users in " + database.describe() + ": " + e.getMessage(), e);
        }
        return users;
    }

    private record Stored(User user, String hash) {}

    private Optional<Stored> load(String username) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT username, password_hash, role, member FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot read user '" + username + "' in " + database.describe() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Stored> read(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        String hash = rs.getString(2);
        String member = rs.getString(4);
        return Role.parse(rs.getString(3)).map(role -> new Stored(new User(name, role, member), hash));
    }
}
