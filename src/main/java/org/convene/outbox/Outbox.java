package org.convene.outbox;

/**
 * What a mail in the outbox is about: the kinds, and the audiences of mails to many attendees.
 * {@link OutboxStore} writes and sends them (see V3 migration).
 */
public final class Outbox {
  /** What a mail is about; the sender renders each kind from its references and payload. */
  public static final String RSVP_CONFIRMATION = "rsvp_confirmation";
  public static final String WAITLISTED = "waitlisted";
  public static final String PROMOTED = "promoted";
  public static final String ALREADY_REGISTERED = "already_registered";
  public static final String RSVP_CANCELLED = "rsvp_cancelled";
  public static final String EVENT_UPDATED = "event_updated";
  public static final String EVENT_CANCELLED = "event_cancelled";
  public static final String REMINDER = "reminder";
  /** Approval on: the answer waits for an organizer (no seat, no address yet). */
  public static final String RSVP_PENDING = "rsvp_pending";
  /** Approval on: an organizer declined the answer (payload: message?). */
  public static final String RSVP_DECLINED = "rsvp_declined";
  /** Claim window on: a freed seat is held for the person until their offer expires. */
  public static final String SEAT_OFFERED = "seat_offered";
  /** Claim window on: the offer ran out unanswered and went to the next in line. */
  public static final String OFFER_EXPIRED = "offer_expired";
  public static final String ORGANIZER_MESSAGE = "organizer_message";
  /**
   * A mail rendered by the feature that queued it (payload: subject, text, html, replyTo?).
   * Nothing queues it any more (every mail is rendered when sent, after consent is read again);
   * the sender still renders it so rows queued before that change go out.
   */
  public static final String PREPARED = "prepared";
  /**
   * Connect mails reveal a person, so they are rendered when sent, after reading that person's
   * consent again (people.ConnectMails). Payload: ids only, "about" being the person revealed.
   */
  public static final String CONNECT_REQUEST = "connect_request";
  public static final String CONNECT_ACCEPTED = "connect_accepted";
  /**
   * Coffee chats between members (members.CoffeeChatStore), rendered when sent by
   * mail.CoffeeChatMails after reading consent again. No event or RSVP: payload "chat" (its id),
   * and "answerToken" on the request until it is rendered.
   */
  public static final String COFFEE_CHAT_REQUEST = "coffee_chat_request";
  public static final String COFFEE_CHAT_ACCEPTED = "coffee_chat_accepted";
  /**
   * A member's private link (members.MemberStore), rendered when sent by mail.MemberMails from
   * the member row as it is then. Payload: "member" (its id) and "reason" (join, again).
   */
  public static final String MEMBER_LINK = "member_link";
  /**
   * A new event, to a member who chose "each event" (members.AnnouncementStore); payload
   * "member", the row's event the event. Rendered when sent by mail.AnnouncementMails.
   */
  public static final String MEMBER_ANNOUNCEMENT = "member_announcement";
  /**
   * The weekly digest of a group's new events, to a member who chose it; payload "member",
   * "since" and "until" (the events announced between, as they are when it is sent).
   */
  public static final String MEMBER_DIGEST = "member_digest";
  /**
   * The office's invitation to a member it imported (members.OfficeStore), rendered when sent by
   * mail.MemberMails; not transactional, so an unsubscribe from the group stops it. Payload:
   * "member" (its id; leaving erases by it), "reason" ("invitation") and "by" (the organizer).
   */
  public static final String MEMBER_INVITATION = "member_invitation";
  /** A person's (new) calendar feed link; the calendar feature queues it with no event. */
  public static final String FEED_LINK = "feed_link";

  /** Besides the RSVP statuses: who came (checked in) and who said going but did not come. */
  public static final String CHECKED_IN = "checked_in";
  public static final String NO_SHOW = "no_show";

  private Outbox() {}
}
