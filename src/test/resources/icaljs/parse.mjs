// Parses an iCalendar document from stdin with ical.js (the parser Thunderbird uses) and prints
// what a calendar app would take from it, as JSON. Exits non-zero on anything ical.js rejects.
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8');
const cal = new ICAL.Component(ICAL.parse(text));
if (cal.name !== 'vcalendar') throw new Error('not a VCALENDAR: ' + cal.name);

// Register the document's own VTIMEZONEs, as a client does, so TZID times convert with them.
for (const vtz of cal.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(vtz);
}

const str = (c, name) => {
  const v = c.getFirstPropertyValue(name);
  return v === null || v === undefined ? null : v.toString();
};
const person = (p) => p ? {
  value: p.getFirstValue(),
  cn: p.getParameter('cn') ?? null,
  partstat: p.getParameter('partstat') ?? null,
} : null;

const events = cal.getAllSubcomponents('vevent').map((c) => {
  const ev = new ICAL.Event(c);
  const start = c.getFirstProperty('dtstart');
  return {
    uid: ev.uid,
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    url: str(c, 'url'),
    sequence: ev.sequence,
    status: str(c, 'status'),
    dtstamp: c.getFirstPropertyValue('dtstamp').toJSDate().toISOString(),
    lastModified: c.getFirstPropertyValue('last-modified')?.toJSDate().toISOString() ?? null,
    startTzid: start.getParameter('tzid') ?? null,
    startIsUtc: ev.startDate.zone === ICAL.Timezone.utcTimezone,
    startFloating: ev.startDate.zone === ICAL.Timezone.localTimezone,
    startLocal: ev.startDate.toString(),
    startUtc: ev.startDate.toJSDate().toISOString(),
    endUtc: ev.endDate.toJSDate().toISOString(),
    organizer: person(c.getFirstProperty('organizer')),
    attendees: c.getAllProperties('attendee').map(person),
  };
});

process.stdout.write(JSON.stringify({
  method: str(cal, 'method'),
  version: str(cal, 'version'),
  prodid: str(cal, 'prodid'),
  name: str(cal, 'name'),
  calname: str(cal, 'x-wr-calname'),
  description: str(cal, 'description'),
  refreshInterval: str(cal, 'refresh-interval'),
  publishedTtl: str(cal, 'x-published-ttl'),
  timezones: cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
  events,
}));
