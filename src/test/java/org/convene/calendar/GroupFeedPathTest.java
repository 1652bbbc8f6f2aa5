package org.convene.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The shortcut's path check takes exactly what the /g/:group/calendar.ics route would. */
class GroupFeedPathTest {
  @Test
  void takesTheSlugOfAGroupFeedAndNothingElse() {
    assertEquals("alumni-2010_x", CalendarRoutes.groupFeedSlug("/g/alumni-2010_x/calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug("/g//calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug("/g/calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug("/g/a/b/calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug("/g/a%20b/calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug("/g/a/calendar.ics/"));
    assertNull(CalendarRoutes.groupFeedSlug("/e/a/calendar.ics"));
    assertNull(CalendarRoutes.groupFeedSlug(null));
  }
}
