package org.convene.calendar;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.convene.events.Event;
import org.convene.events.EventViews;

/**
 * "Add to calendar" links for an event page or an RSVP confirmation: the .ics download, Google
 * Calendar's and Outlook.com's compose pages. Times go out in UTC (with the event's zone named
 * for Google), so each app shows the right local time wherever its user is. No online link: the
 * page is public.
 */
public final class CalendarLinks {
  private static final DateTimeFormatter GOOGLE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OUTLOOK = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  // Links are URLs: keep the text they carry short enough for every browser and app.
  private static final int MAX_DETAILS = 800;

  private CalendarLinks() {}

  /** The model the partials/add-to-calendar template reads under {@code calendar}. */
  public static JsonObject forEvent(Event e, String baseUrl) {
    return new JsonObject()
        .put("icsPath", "/e/" + e.id() + "/event.ics")
        .put("icsUrl", baseUrl + "/e/" + e.id() + "/event.ics")
        .put("googleUrl", google(e, baseUrl))
        .put("outlookUrl", outlook(e, baseUrl))
        .put("when", EventViews.when(e.startsAt(), e.endsAt(), e.zone()));
  }

  static String google(Event e, String baseUrl) {
    return "https://calendar.google.com/calendar/render?action=TEMPLATE"
        + "&text=" + enc(e.title())
        + "&dates=" + GOOGLE.format(e.startsAt()) + "/" + GOOGLE.format(e.endsAt())
        + "&ctz=" + enc(e.zone().getId())
        + "&details=" + enc(details(e, baseUrl))
        + place(e, "&location=");
  }

  static String outlook(Event e, String baseUrl) {
    return "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose"
        + "&rru=addevent"
        + "&subject=" + enc(e.title())
        + "&startdt=" + enc(OUTLOOK.format(e.startsAt()))
        + "&enddt=" + enc(OUTLOOK.format(e.endsAt()))
        + "&body=" + enc(details(e, baseUrl))
        + place(e, "&location=");
  }

  private static String details(Event e, String baseUrl) {
    String own = Ics.text(e.description()).strip();
    if (own.length() > MAX_DETAILS) own = own.substring(0, MAX_DETAILS).strip() + "…";
    String page = baseUrl + "/e/" + e.id();
    return own.isEmpty() ? page : own + "\n\n" + page;
  }

  private static String place(Event e, String param) {
    String where = Ics.location(e, false);
    return where == null ? "" : param + enc(where);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
