/**
 * Group membership: joining and verifying, the member's own page, the office's imported list,
 * event announcements and the member directory. Sits between groups and events: events ask it
 * whether an address may RSVP to a members-only event, and who to announce a new event to.
 */
package org.convene.members;
