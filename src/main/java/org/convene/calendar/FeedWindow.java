package org.convene.calendar;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which events a feed holds: those ending at most 90 days ago and everything later, and
 * cancelled ones for 30 days after they were cancelled. Counted in whole UTC days, so the feed
 * (and its ETag) changes at most once a day because of time passing, and two instances asked in
 * the same day answer the same bytes.
 */
record FeedWindow(LocalDate day) {
  static final int PAST_DAYS = 90;
  static final int CANCELLED_DAYS = 30;

  static FeedWindow today(Clock clock) {
    return new FeedWindow(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
  }

  /** Events ending before this are left out. */
  Instant pastFrom() {
    return day.minusDays(PAST_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Cancellations (of an event or an RSVP) before this are left out. */
  Instant cancelledFrom() {
    return day.minusDays(CANCELLED_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Start of the window's day: events ending before it are "past" when trimming. */
  Instant dayStart() {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** What the feed's description says about the window. */
  String describe() {
    return "Holds events from the last " + PAST_DAYS + " days and all upcoming ones; cancelled "
        + "events stay listed, marked cancelled, for " + CANCELLED_DAYS + " days.";
  }
}
