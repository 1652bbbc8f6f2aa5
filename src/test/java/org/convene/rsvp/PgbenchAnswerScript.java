package org.convene.rsvp;

/**
 * Prints a pgbench script that runs the server's own RSVP transaction (BEGIN, the shared seat
 * lock, the one-statement answer from {@link RsvpStore} and COMMIT, pipelined as the server sends
 * them) for one event, so the database's rate for a flash crowd on seat rows can be measured
 * beside the single counter row (bench/run.sh). The
 * statement is taken from the code, not copied, so the benchmark cannot drift from it.
 */
public final class PgbenchAnswerScript {
  private PgbenchAnswerScript() {}

  public static void main(String[] args) {
    String event = args[0].replace("'", "''");
    // pgbench reads one command per line: drop SQL comments before joining the lines
    String answer = RsvpStore.ANSWER.replaceAll("--[^\n]*", "").replaceFirst("WITH ev AS \\(",
        "WITH p AS (SELECT gen_random_uuid() AS id, md5(random()::text) AS token,"
            + " 'pg' || md5(random()::text) || '@example.org' AS email), ev AS (");
    String[] values = {
        "'" + event + "'", "1", "'going'", "(SELECT id FROM p)", "(SELECT token FROM p)",
        "(SELECT email FROM p)", "'Bench'", "0", "false", "false", "NULL::text", "NULL::text",
        "NULL::text", "'{}'::text[]", "'{}'::text[]"};
    for (int i = values.length; i >= 1; i--) answer = answer.replace("$" + i, values[i - 1]);
    String lock = RsvpStore.BEGIN_ANSWER.replace("$1", "'" + event + "'");
    // pipelined, as the server sends them (needs pgbench -M prepared or extended)
    System.out.println("\\startpipeline");
    System.out.println("BEGIN;");
    System.out.println(lock.replace('\n', ' ') + ";");
    System.out.println(answer.replace('\n', ' ') + ";");
    System.out.println("COMMIT;");
    System.out.println("\\endpipeline");
  }
}
