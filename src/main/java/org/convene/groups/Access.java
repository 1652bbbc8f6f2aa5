package org.convene.groups;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import org.convene.accounts.Account;
import org.convene.core.Problem;

/** Who may do what in a group: owners manage organizers, organizers manage events. */
public final class Access {
  public static final List<String> MANAGE_EVENTS = List.of(Group.OWNER, Group.ORGANIZER);
  public static final List<String> CHECK_IN = List.of(Group.OWNER, Group.ORGANIZER, Group.CHECKIN);
  public static final List<String> MANAGE_GROUP = List.of(Group.OWNER);

  private final GroupStore groups;

  public Access(GroupStore groups) {
    this.groups = groups;
  }

  /** The account's role if it is one of {@code allowed}; otherwise a 403. */
  public Future<String> require(UUID groupId, Account account, List<String> allowed) {
    if (account == null) return Future.failedFuture(Problem.forbidden());
    return groups.role(groupId, account.id()).compose(role -> role != null && allowed.contains(role)
        ? Future.succeededFuture(role)
        : Future.failedFuture(Problem.forbidden()));
  }

  /** A group and the account's role in it, one of those that were allowed. */
  public record Granted(Group group, String role) {}

  /** The group by its slug (a 404 when there is none) and the account's role, if allowed (a 403). */
  public Future<Granted> requireGroup(String slug, Account account, List<String> allowed) {
    return groups.bySlug(slug).compose(g -> g == null
        ? Future.failedFuture(Problem.notFound())
        : require(g.id(), account, allowed).map(role -> new Granted(g, role)));
  }

  /** True when the account organizes the group (check-in helpers do not count). */
  public Future<Boolean> organizes(UUID groupId, Account account) {
    if (account == null) return Future.succeededFuture(false);
    return groups.role(groupId, account.id()).map(role -> role != null && MANAGE_EVENTS.contains(role));
  }
}
