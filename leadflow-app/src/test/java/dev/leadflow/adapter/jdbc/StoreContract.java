package dev.leadflow.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadflow.app.port.AuditLog;
import dev.leadflow.app.port.Delivery;
import dev.leadflow.app.port.EncodedRecord;
import dev.leadflow.app.port.HandoffJournal;
import dev.leadflow.app.port.Keys;
import dev.leadflow.app.port.RecordLog;
import dev.leadflow.app.port.Scope;
import dev.leadflow.app.port.StoreException;
import dev.leadflow.app.port.StoredRecord;
import dev.leadflow.app.port.UnitOfWork;
import dev.leadflow.app.port.Users;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Input;
import dev.leadflow.input.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the storage adapters ({@link RecordLog}, {@link KeyStore}) promise, run unchanged on each
 * database: subclasses say how to open a fresh database and how to open the same one again (a
 * restart).
 */
abstract class StoreContract {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Database database;
    private RecordLog store;

    /** A new, empty database. */
    abstract Database freshDatabase();

    /** The database {@link #freshDatabase} made, opened again as after a restart. */
    abstract Database reopen();

    @BeforeEach
    void open() {
        database = freshDatabase();
        store = new JdbcRecordStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Page page(String id, long offsetSeconds, String userId) {
        return new Page(
                id, T0.plusSeconds(offsetSeconds), userId, userId == null ? "anon-" + id : null, Fields.empty());
    }

    static List<Long> seqs(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::seq).toList();
    }

    @Test
    @DisplayName("numbers records in list order and leaves out repeated messageIds, in the batch and across batches")
    void appendAndDedupe() {
        List<StoredRecord> first =
                store.append(List.of(page("m1", 5, "u1"), page("m2", 1, "u1"), page("m1", 9, "u2")), 1L);
        assertThat(first).extracting(r -> r.input().messageId()).containsExactly("m1", "m2");
        assertThat(first.get(1).seq()).isGreaterThan(first.get(0).seq());
        List<StoredRecord> second = store.append(List.of(page("m2", 3, "u1"), page("m3", 2, "u3")), 2L);
        assertThat(second).extracting(r -> r.input().messageId()).containsExactly("m3");
        assertThat(second.get(0).seq()).isGreaterThan(first.get(1).seq());
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    @DisplayName("a unit of work commits its records and every hand-off row it caused together, or none of it")
    void unitOfWork() {
        HandoffStore handoff = new HandoffStore(database);
        Outbox outbox = new Outbox(database);
        UnitOfWork unit = store.begin();
        unit.append(List.of(EncodedRecord.of(page("m1", 0, "u1")), EncodedRecord.of(page("m2", 1, "u2"))));
        unit.version(new HandoffJournal.Version(1, "teams: []", 5, "test"));
        unit.journal(new HandoffJournal.JournalRow(1, 5, "{\"configured\":1}"));
        unit.event(new HandoffJournal.EventRow(1, "u2", 6, "assigned", "{\"owner\":\"ann\"}"));
        unit.merge("u2", "u1");
        unit.delivery(new Delivery("d-1", "crm", "assigned", "u1", "{}", 6));
        store.commit(unit, 7L);
        assertThat(store.count()).isEqualTo(2);
        assertThat(handoff.versions()).extracting(HandoffJournal.Version::yaml).containsExactly("teams: []");
        assertThat(handoff.events("u1"))
                .extracting(HandoffJournal.EventRow::type)
                .containsExactly("assigned");
        assertThat(handoff.events("u2"))
                .as("filed under the lead it merged into")
                .isEmpty();
        assertThat(outbox.get("d-1")).isPresent();

        UnitOfWork refused = store.begin();
        assertThat(refused.append(
                        List.of(EncodedRecord.of(page("m2", 1, "u2")), EncodedRecord.of(page("m3", 2, "u3")))))
                .as("m2 is stored already")
                .extracting(StoredRecord::seq)
                .containsExactly(3L);
        refused.journal(new HandoffJournal.JournalRow(2, 8, "{}"));
        refused.journal(new HandoffJournal.JournalRow(2, 8, "{}")); // the same row twice: the commit fails
        refused.delivery(new Delivery("d-2", "crm", "assigned", "u3", "{}", 8));
        assertThatThrownBy(() -> store.commit(refused, 9L)).isInstanceOf(StoreException.class);
        assertThat(store.count()).as("none of the failed unit").isEqualTo(2);
        List<Long> journal = new ArrayList<>();
        handoff.forEachJournalRow(r -> journal.add(r.seq()));
        assertThat(journal).containsExactly(1L);
        assertThat(outbox.get("d-2")).isEmpty();

        UnitOfWork retry = store.begin();
        assertThat(retry.append(List.of(EncodedRecord.of(page("m3", 2, "u3")))))
                .extracting(StoredRecord::seq)
                .containsExactly(3L);
        store.commit(retry, 10L);
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    @DisplayName("a restart keeps every record and still knows their messageIds and numbers")
    void survivesReopen() {
        List<StoredRecord> before = store.append(List.of(page("m1", 0, "u1"), page("m2", 1, "u1")), 1L);
        database.close();
        database = reopen();
        store = new JdbcRecordStore(database);
        assertThat(store.append(List.of(page("m1", 0, "u1")), 2L)).isEmpty();
        List<StoredRecord> after = store.append(List.of(page("m3", 2, "u1")), 3L);
        assertThat(after.get(0).seq()).isGreaterThan(before.get(1).seq());
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    @DisplayName("reads everything back in processing order: by timestamp, ties by arrival")
    void processingOrder() {
        store.append(List.of(page("late", 50, "u1"), page("tie-a", 10, "u2")), 1L);
        store.append(List.of(page("early", 0, "u1"), page("tie-b", 10, "u1")), 2L);
        List<String> ids = new ArrayList<>();
        store.forEachInProcessingOrder(r -> ids.add(r.input().messageId()));
        assertThat(ids).containsExactly("early", "tie-a", "tie-b", "late");
    }

    @Test
    @DisplayName("a full read does not hold the writer: what commits meanwhile is left for the read after it,"
            + " and is still known as stored")
    void readsBesideTheWriter() throws Exception {
        store.append(List.of(page("a", 5, "u1"), page("b", 1, "u2"), page("c", 3, "u3")), 1L);
        RecordLog reader = new JdbcRecordStore(database); // knows no messageIds yet: learns them from its read
        List<String> read = new ArrayList<>();
        long[] last = {0};
        reader.forEachInProcessingOrder(r -> {
            if (read.isEmpty()) {
                try { // another thread: a read holding the writer would never let it through
                    java.util.concurrent.CompletableFuture.runAsync(
                                    () -> reader.append(List.of(page("meanwhile", 0, "u1")), 2L))
                            .get(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (Exception e) {
                    throw new AssertionError("the writer waited for the read", e);
                }
            }
            read.add(r.input().messageId());
            last[0] = Math.max(last[0], r.seq());
        });
        assertThat(read).containsExactly("b", "c", "a");
        List<String> after = new ArrayList<>();
        reader.forEachAfter(last[0], r -> after.add(r.input().messageId()));
        assertThat(after).containsExactly("meanwhile");
        assertThat(reader.append(List.of(page("meanwhile", 0, "u1"), page("a", 5, "u1")), 3L))
                .as("both stored already")
                .isEmpty();
        List<String> fromMiddle = new ArrayList<>();
        reader.forEachAfter(2, r -> fromMiddle.add(r.input().messageId()));
        assertThat(fromMiddle).as("after the second record of the first chunk").containsExactly("c", "meanwhile");
    }

    @Test
    @DisplayName("a large commit is stored in several chunks and read back whole, in order")
    void chunks() {
        List<Input> pages = IntStream.range(0, 2500)
                .mapToObj(i -> (Input) page("m" + i, i, "u" + i))
                .toList();
        assertThat(seqs(store.append(pages, 1L))).hasSize(2500).isSorted().doesNotHaveDuplicates();
        store.append(List.of(page("one-more", 9999, "u1")), 2L);
        List<String> ids = new ArrayList<>();
        store.forEachInProcessingOrder(r -> ids.add(r.input().messageId()));
        assertThat(ids).hasSize(2501).startsWith("m0", "m1").endsWith("m2499", "one-more");
        assertThat(store.count()).isEqualTo(2501);
    }

    @Test
    @DisplayName("every kind of record comes back equal to what was stored")
    void roundTrip() {
        List<Input> examples = dev.leadflow.Fixtures.exampleRecords();
        assertThat(examples)
                .extracting(Input::type)
                .contains("identify", "track", "page", "group", "alias", "lifecycle");
        store.append(examples, 1L);
        List<Input> back = new ArrayList<>();
        store.forEachInProcessingOrder(r -> back.add(r.input()));
        assertThat(back)
                .containsExactlyInAnyOrderElementsOf(
                        examples.stream().distinct().toList()); // one repeats
    }

    @Test
    @DisplayName("a created key authenticates with its scope; anything else does not; only a hash is stored")
    void keys() throws java.sql.SQLException {
        KeyStore keys = new KeyStore(database);
        String write = keys.create(Scope.WRITE, 1L);
        String admin = keys.create(Scope.ADMIN, 2L);
        assertThat(write).startsWith("lf_write_").isNotEqualTo(admin);
        assertThat(keys.authenticate(write)).get().extracting(Keys.Key::scope).isEqualTo(Scope.WRITE);
        assertThat(keys.authenticate(admin)).get().extracting(Keys.Key::scope).isEqualTo(Scope.ADMIN);
        assertThat(keys.authenticate(write + "x")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT id, secret_hash, scope FROM api_keys")) {
            while (rs.next()) {
                for (int col = 1; col <= 3; col++) {
                    assertThat(rs.getString(col)).isNotIn(write, admin);
                }
            }
        }
        database.close();
        database = reopen();
        assertThat(new KeyStore(database).authenticate(write)).isPresent();
    }

    @Test
    @DisplayName("a user authenticates with their password only; names are unique; the password is stored hashed")
    void users() throws java.sql.SQLException {
        UserStore users = new UserStore(database);
        assertThat(users.any()).isFalse();
        char[] password = "correct horse battery".toCharArray();
        assertThat(users.create("ann", password, Users.Role.SALES, null, 1L)).isTrue();
        assertThat(users.create("ada", password, Users.Role.ADMIN, "ignored", 1L))
                .isTrue();
        assertThat(users.create("ann", "another password".toCharArray(), Users.Role.ADMIN, null, 2L))
                .isFalse();
        assertThat(users.authenticate("ann", password)).contains(new Users.User("ann", Users.Role.SALES, "ann"));
        assertThat(users.authenticate("ada", password)).contains(new Users.User("ada", Users.Role.ADMIN, null));
        assertThat(users.authenticate("ann", "another password".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", password)).isEmpty();
        assertThat(users.authenticate("ann", new char[0])).isEmpty();
        assertThat(users.list()).extracting(Users.User::username).containsExactly("ada", "ann");
        assertThat(users.any()).isTrue();
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT password_hash FROM users")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
            }
        }
        assertThat(UserStore.problems("Ann!", "short".toCharArray())).hasSize(2);
        database.close();
        database = reopen();
        assertThat(new UserStore(database).authenticate("ann", password)).isPresent();
    }

    @Test
    @DisplayName("one writer at a time: a second writer lock is refused until the first is released")
    void writerLock() {
        Database.WriterLock first = database.lockForWriting();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(database::lockForWriting)
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("another Leadflow process is writing to");
        } finally {
            first.close();
        }
        database.lockForWriting().close();
    }

    @Test
    @DisplayName("the audit log numbers entries, pages them newest first by action, keeps them on reopen,"
            + " and the database refuses to change or delete one")
    void auditLog() throws Exception {
        AuditStore audit = new AuditStore(database);
        AuditLog.Actor admin = new AuditLog.Actor("key:abc", "203.0.113.9");
        AuditLog.Entry first =
                audit.append(1L, admin, AuditLog.Action.MODEL_PUBLISHED, "m@1", java.util.Map.of("version", "1"));
        audit.append(2L, AuditLog.Actor.cli(), AuditLog.Action.KEY_CREATED, "k1", java.util.Map.of("scope", "read"));
        AuditLog.Entry third = audit.append(3L, admin, AuditLog.Action.MODEL_PUBLISHED, "m@2", java.util.Map.of());
        assertThat(third.seq()).isGreaterThan(first.seq());
        assertThat(audit.newestFirst(10, Long.MAX_VALUE, java.util.Optional.empty()))
                .extracting(AuditLog.Entry::target)
                .containsExactly("m@2", "k1", "m@1");
        assertThat(audit.newestFirst(10, third.seq(), java.util.Optional.of(AuditLog.Action.MODEL_PUBLISHED)))
                .containsExactly(first);
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET actor = 'someone else'"))
                    .hasMessageContaining("audit log entries cannot be changed");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .hasMessageContaining("audit log entries cannot be");
        }
        database.close();
        database = reopen();
        assertThat(new AuditStore(database).newestFirst(1, Long.MAX_VALUE, java.util.Optional.empty()))
                .containsExactly(third);
    }

    @Test
    @DisplayName("an erasure rewrites records inside their chunks, forgets their messageIds, renames audit entries"
            + " to the pseudonym (the only change the log allows) and keeps the rest, after a reopen too")
    void erasure() throws Exception {
        store.append(List.of(page("m1", 1, "greta"), page("m2", 2, "otto")), 1L);
        store.append(List.of(page("m3", 3, "greta")), 2L);
        AuditStore audit = new AuditStore(database);
        audit.append(3L, AuditLog.Actor.cli(), AuditLog.Action.LEAD_EXPORTED, "greta", java.util.Map.of());
        audit.append(4L, AuditLog.Actor.cli(), AuditLog.Action.LEAD_EXPORTED, "otto", java.util.Map.of());
        store.erase(new RecordLog.Erasure(
                java.util.Map.of(
                        1L, EncodedRecord.of(page("erased:t.m1", 1, "erased:t")),
                        3L, EncodedRecord.of(page("erased:t.m2", 3, "erased:t"))),
                java.util.Map.of("greta", "erased:t"),
                java.util.Map.of("greta", "erased:t"),
                List.of()));
        List<String> stored = new ArrayList<>();
        store.forEachInProcessingOrder(r -> stored.add(
                r.seq() + " " + r.input().messageId() + " " + r.input().userId()));
        assertThat(stored).containsExactly("1 erased:t.m1 erased:t", "2 m2 otto", "3 erased:t.m2 erased:t");
        assertThat(store.append(List.of(page("m1", 9, "greta"), page("m2", 9, "otto")), 5L))
                .as("the erased messageIds are forgotten; the others still dedupe")
                .extracting(r -> r.input().messageId())
                .containsExactly("m1");
        assertThat(audit.newestFirst(10, Long.MAX_VALUE, java.util.Optional.empty()))
                .extracting(AuditLog.Entry::target)
                .containsExactly("otto", "erased:t");
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET target = 'someone' WHERE target = 'otto'"))
                    .hasMessageContaining("audit log entries cannot be changed");
            assertThatThrownBy(() -> s.executeUpdate(
                            "UPDATE audit_log SET target = 'erased:x', actor = 'me' WHERE target = 'otto'"))
                    .as("a rename to a pseudonym changes nothing else")
                    .hasMessageContaining("audit log entries cannot be changed");
        }
        database.close();
        database = reopen();
        List<String> reopened = new ArrayList<>();
        new JdbcRecordStore(database)
                .forEachInProcessingOrder(r -> reopened.add(r.input().messageId()));
        assertThat(reopened).containsExactly("erased:t.m1", "m2", "erased:t.m2", "m1");
    }
}
