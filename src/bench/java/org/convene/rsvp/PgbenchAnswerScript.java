package org.convene.rsvp;

/**
 * Prints a pgbench script that runs the server's own RSVP transaction (BEGIN, the shared seat
 * lock, the answer statement from {@link AnswerStore} and COMMIT, pipelined as the server sends
 * them) for one event, storing {@code batch} new answers per transaction as the server does when
 * answers arrive together, so the database's rate for a flash crowd on seat rows can be measured
 * beside the single counter row (bench/run.sh). The statement is taken from the code, not copied,
 * so the benchmark cannot drift from it. Usage: PgbenchAnswerScript event [batch]
 */
public final class PgbenchAnswerScript {
  private PgbenchAnswerScript() {}

  public static void main(String[] args) {
    String event = "'" + args[0].replace("'", "''") + "'";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    // pgbench reads one command per line: drop SQL comments before joining the lines
    String answers = "(SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid(),"
        + " 'token', md5(random()::text), 'email', 'pg' || md5(random()::text) || '@example.org',"
        + " 'name', 'Bench', 'response', 'going', 'guests', 0, 'listed', false,"
        + " 'share_email', false)) FROM generate_series(1, " + batch + "))";
    String answer = AnswerStore.ANSWER.replaceAll("--[^\n]*", "")
        .replace("$1", event).replace("$2", answers);
    String lock = AnswerStore.BEGIN_ANSWER.replace("$1", event);
    // pipelined, as the server sends them (needs pgbench -M prepared or extended)
    System.out.println("\\startpipeline");
    System.out.println("BEGIN;");
    System.out.println(lock.replace('\n', ' ') + ";");
    System.out.println(answer.replace('\n', ' ') + ";");
    System.out.println("COMMIT;");
    System.out.println("\\endpipeline");
  }
}
