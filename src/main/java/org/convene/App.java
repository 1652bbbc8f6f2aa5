package org.convene;

import org.convene.core.Config;
import org.convene.db.Changes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.convene.accounts.AccountRoutes;
import org.convene.accounts.AccountStore;
import org.convene.accounts.Auth;
import org.convene.accounts.Passwords;
import org.convene.calendar.CalendarRoutes;
import org.convene.calendar.FeedStates;
import org.convene.calendar.RenderCache;
import org.convene.db.Database;
import org.convene.db.Pools;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventRoutes;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.events.ListingRoutes;
import org.convene.events.QuestionRoutes;
import org.convene.events.SeriesRoutes;
import org.convene.events.SeriesStore;
import org.convene.groups.Access;
import org.convene.groups.GroupRoutes;
import org.convene.groups.GroupStore;
import org.convene.mail.CalendarInvites;
import org.convene.mail.EventMail;
import org.convene.mail.Mailer;
import org.convene.mail.Sender;
import org.convene.mail.UnsubscribeTokens;
import org.convene.members.AnnouncementStore;
import org.convene.members.CoffeeChatRoutes;
import org.convene.members.CoffeeChatRules;
import org.convene.members.CoffeeChatStore;
import org.convene.members.DirectoryRoutes;
import org.convene.members.DirectoryStore;
import org.convene.members.MemberRoutes;
import org.convene.members.MemberStore;
import org.convene.members.OfficeRoutes;
import org.convene.members.OfficeStore;
import org.convene.people.CheckinRoutes;
import org.convene.people.ConnectRoutes;
import org.convene.people.ConnectStore;
import org.convene.people.ManagePart;
import org.convene.people.MemberVcardRoutes;
import org.convene.people.PeopleRoutes;
import org.convene.people.PeopleStore;
import org.convene.people.Retention;
import org.convene.rsvp.AnswerStore;
import org.convene.rsvp.ApprovalRoutes;
import org.convene.rsvp.OfferExpiry;
import org.convene.rsvp.OfferRoutes;
import org.convene.rsvp.AttendeesRoutes;
import org.convene.rsvp.ChartRoutes;
import org.convene.rsvp.ChartStore;
import org.convene.rsvp.ManageParts;
import org.convene.rsvp.RsvpRoutes;
import org.convene.rsvp.SeriesRsvpRoutes;
import org.convene.rsvp.RsvpStore;
import org.convene.rsvp.SeatStore;
import org.convene.web.ClientAddress;
import org.convene.web.Csrf;
import org.convene.web.Failures;
import org.convene.web.HttpMetrics;
import org.convene.web.Health;
import org.convene.web.RateLimiter;
import org.convene.web.Server;
import org.convene.web.PublicPages;
import org.convene.web.Views;

/**
 * One running Convene instance: a Vert.x with metrics, a pool on the database, and the HTTP
 * server deployed once per core. Tests start two of these on one database to play a cluster.
 */
public final class App {
  private final Vertx vertx;
  private final Pool pool;
  private final int port;
  private final List<Server> servers;
  private final Changes changes;

  private App(Vertx vertx, Pool pool, int port, List<Server> servers, Changes changes) {
    this.changes = changes;
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
    this.servers = servers;
  }

  /** The operations this instance serves ("POST /api/v1/events/:event/rsvps", "GET /e/:event", ...). */
  public java.util.SortedSet<String> operations() {
    return servers.get(0).operations();
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public static Future<App> start(Config config, Database.Target db) {
    String registry = "convene-" + UUID.randomUUID();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setRegistryName(registry)
            .setJvmMetricsEnabled(true)
            // the HTTP server's labels (method, route, code) are HttpMetrics'
            .setLabels(EnumSet.of(Label.POOL_NAME, Label.POOL_TYPE))
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
        .withMetrics(metricsFactory())
        .build();
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    Pool pool = Pools.create(vertx, db, config.limits());
    Changes changes = new Changes(vertx, db.connectOptions());
    return Pools.sharedSecret(pool).compose(secret -> {
      changes.start();
      Wiring w = new Wiring(vertx, pool, config, secret, registry, changes);
      List<Server> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
      return vertx.deployVerticle(() -> {
            Server s = w.server();
            servers.add(s);
            return s;
          }, new DeploymentOptions().setInstances(instances))
          .compose(id -> vertx.deployVerticle(w.mail.verticle()))
          .compose(id -> {
            vertx.setPeriodic(60_000, t -> w.housekeeping());
            return Future.succeededFuture(new App(vertx, pool, config.port(), servers, changes));
          });
    }).recover(e -> vertx.close().transform(x -> Future.failedFuture(e)));
  }

  /**
   * Latency histograms with a dozen fixed buckets. Micrometer's default percentile histogram has
   * ~70 buckets per route and status, which made one scrape weigh over a megabyte.
   */
  private static io.vertx.core.spi.VertxMetricsFactory metricsFactory() {
    PrometheusMeterRegistry registry = metricsRegistry();
    return HttpMetrics.factory(new MicrometerMetricsFactory(registry), registry);
  }

  private static PrometheusMeterRegistry metricsRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    double[] buckets = LongStream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
        .mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("vertx.")) return config;
        return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build()
            .merge(config);
      }
    });
    return registry;
  }

  /**
   * Closes the HTTP servers gracefully, then the pool, then Vert.x. The order matters: a plain
   * vertx.close() closes the pool while requests are still in flight, and they answer 503.
   */
  public Future<Void> stop() {
    List<Future<Void>> undeploys = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeploys)
        .<Void>mapEmpty()
        .eventually(() -> changes.stop())
        .eventually(() -> pool.close())
        .eventually(() -> vertx.close());
  }

  /** The object graph of one instance; every feature gets what it needs and nothing more. */
  private static final class Wiring {
    final Config config;
    final Csrf csrf;
    final Views views;
    final Failures failures;
    final Health health;
    final RateLimiter limits;
    final ClientAddress clients;
    final AccountStore accounts;
    final Auth auth;
    final Passwords passwords;
    final GroupStore groups;
    final Access access;
    final EventStore events;
    final Mailer mail;
    final RsvpStore rsvps;
    final AnswerStore answers;
    final RenderCache calendarCache = new RenderCache(64L * 1024 * 1024);
    final PeopleStore people;
    final ConnectStore connects;
    final Retention retention;
    final OfferExpiry offers;
    final DirectoryStore directory;
    final CoffeeChatStore coffeeChats;
    final MemberStore members;
    final AnnouncementStore announcements;
    final OfficeStore office;
    final String registry;
    final PublicPages publicPages;
    final FeedStates feedStates;
    // one for every server instance: the group feed's 304 shortcut runs before their routers
    final CalendarRoutes calendar;

    Wiring(Vertx vertx, Pool pool, Config config, byte[] secret, String registry, Changes changes) {
      this.config = config;
      this.publicPages = new PublicPages(changes);
      this.feedStates = new FeedStates(changes);
      this.registry = registry;
      this.csrf = new Csrf(secret, config.secureCookies(), config.baseUrl());
      this.views = new Views(vertx, csrf, config.baseUrl());
      this.failures = new Failures(views);
      this.health = new Health(pool);
      this.limits = new RateLimiter(pool);
      this.clients = new ClientAddress(config.trustedProxies());
      this.accounts = new AccountStore(pool);
      this.auth = new Auth(accounts, config.secureCookies());
      this.passwords = new Passwords(vertx);
      this.groups = new GroupStore(pool);
      this.access = new Access(groups);
      SeatStore seats = new SeatStore();
      this.events = new EventStore(pool, new EventMail(), seats, new EventStore.Quota(
          config.limits().newAccountDays(), config.limits().newAccountEventsPerDay(),
          config.limits().newAccountSeatsPerDay()));
      CalendarInvites invites = new CalendarInvites(pool, events, config.mailFrom(), config.baseUrl());
      this.mail = new Mailer(vertx, pool, config, events, invites, invites,
          new UnsubscribeTokens(secret), Sender.Settings.defaults());
      this.rsvps = new RsvpStore(pool, seats);
      this.answers = new AnswerStore(pool, seats, config.limits())
          .onSeatsChanged(publicPages::eventChanged);
      rsvps.onSeatsChanged(publicPages::eventChanged);
      this.people = new PeopleStore(pool);
      this.connects = new ConnectStore(pool, config.limits().unaskedMailsPerAddressPerDay());
      this.retention = new Retention(people);
      this.offers = new OfferExpiry(pool);
      this.directory = new DirectoryStore(pool);
      this.members = new MemberStore(pool, config.limits());
      this.announcements = new AnnouncementStore(pool);
      this.office = new OfficeStore(pool, config.limits());
      this.calendar = new CalendarRoutes(pool, rsvps, config.baseUrl(), config.mailFrom(),
          calendarCache, feedStates, limits, java.time.Clock.systemUTC());
      this.coffeeChats = new CoffeeChatStore(pool, CoffeeChatRules.PER_SENDER_PER_DAY,
          config.limits().unaskedMailsPerAddressPerDay());
    }

    Server server() {
      return new Server(config, registry, csrf, failures, health, this::mount,
          List.of(calendar::groupFeedNotModified));
    }

    void mount(Router r) {
      // before the members feature's routes: it answers GET /api/v1/groups/:group/members?token=
      // and passes the organizer's request on
      new DirectoryRoutes(directory, coffeeChats, views).mount(r);
      new CoffeeChatRoutes(directory, coffeeChats, views).mount(r);
      new MemberVcardRoutes(directory).mount(r);
      new MemberRoutes(members, limits, clients::of, config.rsvpRateLimit(), views,
          config.baseUrl(), this::upcomingEvents).mount(r);
      // the organizers' branch of GET /api/v1/groups/:group/members, after DirectoryRoutes'
      new OfficeRoutes(office, groups, access, auth, views).mount(r);
      new AccountRoutes(accounts, auth, passwords, limits, clients, views, config).mount(r);
      ListingRoutes listings = new ListingRoutes(events, groups, access, auth, views,
          config.baseUrl(), publicPages);
      listings.withMemberCount(members::count).mount(r);
      ChartStore charts = new ChartStore(events.pool());
      new GroupRoutes(groups, listings, accounts, access, auth, views, config.baseUrl())
          .withOrganizerPart(g -> ChartRoutes.groupPart(charts, g)).mount(r);
      calendar.mount(r);
      EventPages eventPages = new EventPages(events, access, auth, views, config.baseUrl(),
          publicPages);
      ManageParts manageParts = new ManageParts();
      SeriesStore series = new SeriesStore(events);
      new SeriesRsvpRoutes(series, rsvps, answers, events, limits, clients, views, config)
          .mount(r);
      EventRoutes eventRoutes = new EventRoutes(events, eventPages, groups, access, auth, views,
          config.baseUrl(), config.limits().maxEventCapacity(), series);
      RsvpRoutes rsvpRoutes = new RsvpRoutes(rsvps, answers, events, eventPages, manageParts,
          limits, clients, views, config);
      eventPages.withPagePart(calendar::pagePart);
      new QuestionRoutes(events, eventPages, views, config.baseUrl()).mount(r);
      SeriesRoutes seriesRoutes = new SeriesRoutes(series, eventPages, auth, access, views,
          config.baseUrl());
      eventPages.withPagePart(seriesRoutes::pagePart);
      eventPages.withPagePart(rsvpRoutes::pagePart);
      ChartRoutes chartRoutes = new ChartRoutes(charts, eventPages);
      eventPages.withOrganizerPart(chartRoutes::organizerPart);
      chartRoutes.mount(r);
      manageParts.with(calendar::managePart);
      manageParts.with(new ManagePart(people, config.baseUrl())::part);
      eventRoutes.mount(r);
      seriesRoutes.mount(r);
      rsvpRoutes.mount(r);
      new AttendeesRoutes(rsvps, eventPages, views, config.baseUrl()).mount(r);
      new ApprovalRoutes(rsvps, eventPages).mount(r);
      new OfferRoutes(rsvps, config.baseUrl()).mount(r);
      mail.routes(eventPages, access, auth, views, rsvps).mount(r);
      mail.followUpRoutes(eventPages, auth, views).mount(r);
      mail.unsubscribeRoutes(views).mount(r);
      new PeopleRoutes(people, connects, rsvps, events, groups, access, auth, views, config.baseUrl())
          .mount(r);
      new ConnectRoutes(people, connects, rsvps, events, views, config.baseUrl()).mount(r);
      new CheckinRoutes(people, events, access, auth, views, config.baseUrl()).mount(r);
    }

    /** A group's next published events, for its members' pages. */
    private Future<io.vertx.core.json.JsonArray> upcomingEvents(java.util.UUID groupId) {
      java.time.Instant now = java.time.Instant.now();
      return events.ofGroup(groupId, false).map(list -> EventViews.cards(list.stream()
          .filter(e -> Event.PUBLISHED.equals(e.status()) && e.endsAt().isAfter(now))
          .limit(20).toList(), now));
    }

    void housekeeping() {
      limits.forgetOld();
      accounts.forgetExpiredSessions();
      retention.maybeRun();
      offers.runQuietly();
      members.forgetUnverified();
      announcements.queueDigests(java.time.Instant.now());
    }
  }
}
