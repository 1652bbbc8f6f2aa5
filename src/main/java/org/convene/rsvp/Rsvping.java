package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.convene.core.Config;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.members.DirectoryMember;
import org.convene.members.DirectoryStore;
import org.convene.web.RateLimiter;

/**
 * The RSVP actions that have both a web form and an API call, each written once, so the two
 * cannot drift apart: answering an event and changing an answer. The handlers only parse what
 * was sent and answer in their own format.
 */
final class Rsvping {
  /**
   * What became of a new answer: the event it was for and what was stored, or why nothing was
   * ({@code refused}: the event is closed, a conflict; or the fields, invalid). The form shows
   * itself again with the refusal, so it needs the event too; the API just fails with it.
   */
  record Answer(Event event, AnswerStore.Outcome outcome, Problem refused) {}

  private final AnswerStore answers;
  private final RsvpStore rsvps;
  private final EventStore events;
  private final RateLimiter limits;
  private final Config config;
  private final DirectoryStore members;

  Rsvping(AnswerStore answers, RsvpStore rsvps, EventStore events, RateLimiter limits,
          Config config) {
    this.answers = answers;
    this.rsvps = rsvps;
    this.events = events;
    this.limits = limits;
    this.config = config;
    this.members = new DirectoryStore(events.pool());
  }

  /**
   * Rate limit, event, open?, rules, store. {@code event} finds the event as the caller may see
   * it (the web shows drafts to their organizers, the API to nobody), null when it may not; it
   * runs only once the client is under its rate limit.
   */
  Future<Answer> answer(String client, Supplier<Future<Event>> event, RsvpRules.Input in) {
    return answer(client, event, in, null);
  }

  /**
   * The same, for a members-only event with the member's private token ({@code memberToken},
   * null for none): only a verified member of the event's group may answer, with their member
   * address. Asking for the token rather than looking up the typed address keeps the refusal
   * from telling a stranger whether an address is a member.
   */
  Future<Answer> answer(String client, Supplier<Future<Event>> event, RsvpRules.Input in,
                        String memberToken) {
    return limits.hit("rsvp:" + client, config.rsvpRateLimit())
        .compose(v -> event.get())
        .compose(e -> e == null ? Future.failedFuture(Problem.notFound())
            : answerOpen(e, in, memberToken));
  }

  /**
   * One answer to each of these events ("RSVP to all upcoming" of a series), one after another
   * in date order, as one request against the rate limit: each is stored, refused (closed since
   * the list was read; members-only, which a series answer cannot prove) or found already
   * answered on its own, and each stored one gets its own confirmation and invite.
   */
  Future<List<Answer>> answerEach(String client, List<Event> events, RsvpRules.Input in) {
    return limits.hit("rsvp:" + client, config.rsvpRateLimit()).compose(v -> {
      List<Answer> out = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Event e : events) {
        chain = chain.compose(x -> answerOpen(e, in, null).map(a -> {
          out.add(a);
          return null;
        }));
      }
      return chain.map(x -> out);
    });
  }

  /** Open?, members only?, rules, store: what every answer to one event goes through. */
  private Future<Answer> answerOpen(Event e, RsvpRules.Input in, String memberToken) {
    String closed = e.rsvpClosedReason(Instant.now());
    if (closed != null) return refused(e, Problem.conflict("rsvp_closed", closed));
    if (!e.membersOnly()) return decide(e, in);
    return members.byToken(memberToken).compose(m -> {
      Problem why = notAMember(e, m);
      if (why != null) return refused(e, why);
      if (in.email() != null && !in.email().isBlank()
          && !in.email().strip().equalsIgnoreCase(m.email())) {
        return refused(e, Problem.invalid(new JsonObject().put("email",
            "Answer with your member address, " + Redact.maskedEmail(m.email()) + ".")));
      }
      return decide(e, new RsvpRules.Input(in.name() == null ? m.name() : in.name(),
          m.email(), in.response(), in.guests(), in.listed(), in.shareEmail(),
          in.headline(), in.company(), in.url(), in.goals(), in.topics(), in.answers()));
    });
  }

  /** Why this member (null: no such token) may not answer this members-only event, or null. */
  Problem notAMember(Event e, DirectoryMember m) {
    String join = "/g/" + e.groupSlug() + "/join";
    if (m != null && m.verified() && m.groupId().equals(e.groupId())) return null;
    String message = m != null && !m.verified() && m.groupId().equals(e.groupId())
        ? "Confirm your membership first: open the link in the mail we sent when you joined "
            + e.groupName() + "."
        : "This event is for members of " + e.groupName() + ". Join the group, then RSVP from"
            + " your member link.";
    return new Problem(Problem.Kind.FORBIDDEN, "members_only", message,
        new JsonObject().put("joinUrl", config.baseUrl() + join));
  }

  private Future<Answer> decide(Event e, RsvpRules.Input in) {
    RsvpRules.Checked c = RsvpRules.checkNew(in, e);
    if (!c.ok()) return refused(e, Problem.invalid(c.errors()));
    // the statement checks again: the event may have closed since it was read
    return answers.create(e.id(), c.rsvp())
        .map(outcome -> new Answer(e, outcome, null))
        .recover(err -> err instanceof Problem p && p.is(Problem.Kind.CONFLICT)
            ? refused(e, p) : Future.failedFuture(err));
  }

  /** Changes an answer through its manage link: the form on /r/{token} and PATCH. */
  Future<Rsvp> change(String token, RsvpRules.Input in) {
    return rsvps.change(token, in, r -> events.findForRules(r.eventId()));
  }

  private static Future<Answer> refused(Event e, Problem why) {
    return Future.succeededFuture(new Answer(e, null, why));
  }
}
