package org.convene.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.db.Ids;

/**
 * Series: their SQL. Occurrences are made and saved through {@link EventStore} inside one
 * transaction, so seats, quotas, mails and SEQUENCE follow exactly as for any event, and a series
 * is made or edited whole or not at all.
 */
public final class SeriesStore {
  /** A series as stored, with its occurrences in series order. */
  public record Series(String id, UUID groupId, SeriesRules.Rule rule, List<Event> occurrences) {}

  /** Where an event sits in its series. */
  public record Place(String seriesId, int position) {}

  private static final String INSERT = """
      INSERT INTO series (id, group_id, every, step, nth, weekday, until_date, count, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
  // "series_id IS NULL" makes a second series from the same event fail instead of stealing it
  private static final String LINK = """
      UPDATE events SET series_id = $1, series_position = $2
      WHERE id = $3 AND series_id IS NULL""";
  private static final String LOCK_FIRST = "SELECT id FROM events WHERE id = $1 FOR UPDATE";
  private static final String BY_ID = """
      SELECT id, group_id, every, step, nth, weekday, until_date, count FROM series WHERE id = $1""";
  private static final String OCCURRENCES = "SELECT " + EventStore.COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.series_id = $1 AND e.series_position >= $2
      ORDER BY e.series_position""";
  private static final String PLACE = """
      SELECT series_id, series_position FROM events WHERE id = $1 AND series_id IS NOT NULL""";

  private final Pool pool;
  private final EventStore events;

  public SeriesStore(EventStore events) {
    this.pool = events.pool();
    this.events = events;
  }

  /** Makes a series from {@code first}: links it as position 0 and creates the rest after it. */
  public Future<Series> create(Event first, UUID createdBy, SeriesRules.Rule rule) {
    String id = Ids.token();
    List<SeriesRules.Times> times = SeriesRules.occurrences(rule, first);
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_FIRST).execute(Tuple.of(first.id()))
        .compose(x -> conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {
            id, first.groupId(), rule.every(), rule.interval(), rule.nth(), rule.weekday(),
            rule.until(), rule.count(), createdBy})))
        .compose(x -> link(conn, id, 0, first.id()))
        .compose(x -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 1; i < times.size(); i++) {
            int position = i;
            SeriesRules.Times t = times.get(i);
            EventRules.Valid f = new EventRules.Valid(first.title(), first.description(),
                t.startsAt(), t.endsAt(), first.zone(), first.venue(), first.address(),
                first.onlineUrl(), first.capacity(), first.guestsAllowed(), t.rsvpDeadline(),
                first.status(), first.whosGoing(), first.approval(), first.claimWindowHours(),
                first.audience());
            // one by one on the connection: a transaction runs one statement at a time anyway
            // each occurrence asks what the first asks
            chain = chain.compose(v -> events.create(conn, first.groupId(), createdBy, f, true))
                .compose(e -> first.questions().isEmpty() ? Future.succeededFuture(e)
                    : events.setQuestions(conn, e.id(), first.questions()))
                .compose(e -> link(conn, id, position, e.id()));
          }
          return chain;
        })
        .compose(x -> find(conn, id)));
  }

  private static Future<Void> link(SqlConnection conn, String seriesId, int position, String eventId) {
    return conn.preparedQuery(LINK).execute(Tuple.of(seriesId, position, eventId))
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
            : Future.failedFuture(Problem.conflict("already_in_series",
                "This event already belongs to a series.")));
  }

  public Future<Series> find(String id) {
    if (!EventStore.isId(id)) return Future.succeededFuture(null);
    return pool.withConnection(conn -> find(conn, id));
  }

  private Future<Series> find(SqlConnection conn, String id) {
    return conn.preparedQuery(BY_ID).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(null);
      Row r = rows.iterator().next();
      LocalDate until = r.getLocalDate("until_date");
      SeriesRules.Rule rule = new SeriesRules.Rule(r.getString("every"), r.getInteger("step"),
          r.getInteger("nth"), r.getInteger("weekday"), until, r.getInteger("count"));
      return conn.preparedQuery(OCCURRENCES).execute(Tuple.of(id, 0))
          .map(occ -> new Series(id, r.getUUID("group_id"), rule, EventStore.events(occ)));
    });
  }

  /** The event's place in its series, or null when it stands alone. */
  public Future<Place> placeOf(String eventId) {
    return pool.preparedQuery(PLACE).execute(Tuple.of(eventId)).map(rows -> rows.size() == 0 ? null
        : new Place(rows.iterator().next().getString("series_id"),
            rows.iterator().next().getInteger("series_position")));
  }

  /** The occurrences from a place on, in series order. */
  public Future<List<Event>> from(Place place) {
    return pool.preparedQuery(OCCURRENCES).execute(Tuple.of(place.seriesId(), place.position()))
        .map(EventStore::events);
  }

  /** Saves several occurrences together, in series order (the order every edit locks them in). */
  public Future<List<Event>> updateAll(List<String> ids, List<EventRules.Valid> fields) {
    return pool.withTransaction(conn -> {
      List<Event> saved = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        EventRules.Valid f = fields.get(i);
        chain = chain.compose(v -> events.update(conn, id, f)).map(e -> {
          saved.add(e);
          return null;
        });
      }
      return chain.map(v -> saved);
    });
  }
}
