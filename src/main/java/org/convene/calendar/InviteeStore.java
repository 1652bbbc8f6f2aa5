package org.convene.calendar;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The attendee of an invite, read the way the invite's SEQUENCE and PARTSTAT need it. */
public final class InviteeStore {
  private static final String BY_ID = """
      SELECT id, email, name, status, calendar_sequence,
        greatest(updated_at, status_changed_at) AS changed_at
      FROM rsvps WHERE id = $1""";

  private InviteeStore() {}

  /** The RSVP as an invite needs it, or null; works on a pool or inside a transaction. */
  public static Future<RsvpInfo> load(SqlClient db, UUID rsvpId) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(rsvpId))
        .map(rows -> rows.size() == 0 ? null : RsvpInfo.of(rows.iterator().next()));
  }
}
