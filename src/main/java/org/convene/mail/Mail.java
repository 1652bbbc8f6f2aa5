package org.convene.mail;

/**
 * One rendered mail to one person. {@code calendar} is the iTIP text (METHOD:REQUEST or CANCEL)
 * or null; {@code calendarMethod} is its METHOD, repeated in the Content-Type as RFC 6047 asks.
 * {@code unsubscribeUrl} is the one-click link of its List-Unsubscribe header (RFC 8058), or null.
 */
public record Mail(String to, String subject, String text, String html, String fromName,
                   String replyTo, String calendar, String calendarMethod, String unsubscribeUrl) {

  public boolean hasCalendar() {
    return calendar != null;
  }
}
