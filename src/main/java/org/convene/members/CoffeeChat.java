package org.convene.members;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A coffee chat: who asked whom, the message, the proposed start times (proposed as local times
 * in {@code zone}), and the answer. {@code targetZone} is the zone the person asked gave when
 * accepting, or null.
 */
public record CoffeeChat(UUID id, UUID groupId, DirectoryMember requester, DirectoryMember target,
                         String message, List<Instant> times, ZoneId zone, int minutes,
                         String status, Instant acceptedTime, ZoneId targetZone,
                         Instant createdAt, Instant answeredAt) {
  public static final String PENDING = "pending";
  public static final String ACCEPTED = "accepted";
  public static final String DECLINED = "declined";

  public boolean pending() {
    return PENDING.equals(status);
  }

  public boolean accepted() {
    return ACCEPTED.equals(status);
  }

  /** The zone to write {@code member}'s copy in: their own if known, else the proposed one. */
  public ZoneId zoneOf(UUID member) {
    if (target != null && target.id().equals(member) && targetZone != null) return targetZone;
    return zone;
  }

  /** Every proposed time has passed: the request can no longer be accepted. */
  public boolean expired(Instant now) {
    return times.stream().noneMatch(t -> t.isAfter(now));
  }
}
