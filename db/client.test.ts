import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { cachePreparedStatements } from "./client";

let sqlite: Database.Database;
afterEach(() => sqlite?.close());

function open() {
  sqlite = new Database(":memory:");
  sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c');");
  cachePreparedStatements(sqlite);
  return sqlite;
}

describe("prepared statement cache", () => {
  it("hands back the compiled statement for the same SQL instead of compiling it again", () => {
    const db = open();
    const first = db.prepare("select name from t order by id");
    expect(db.prepare("select name from t order by id")).toBe(first);
    expect(db.prepare("select name from t order by id desc")).not.toBe(first);
  });

  it("hands a cached statement back in its default mode, whatever the last caller switched on", () => {
    const db = open();
    expect(db.prepare("select id, name from t where id = ?").raw().get(1)).toEqual([1, "a"]);
    expect(db.prepare("select id, name from t where id = ?").get(1)).toEqual({ id: 1, name: "a" });
    expect(db.prepare("select id, name from t where id = ?").pluck().get(2)).toBe(2);
    expect(db.prepare("select id, name from t where id = ?").get(2)).toEqual({ id: 2, name: "b" });
    expect(db.prepare("select id, name from t where id = ?").expand().get(3)).toEqual({ t: { id: 3, name: "c" } });
    expect(db.prepare("select id, name from t where id = ?").get(3)).toEqual({ id: 3, name: "c" });
  });

  it("never hands out a statement another caller is still iterating", () => {
    const db = open();
    const names: string[] = [];
    for (const row of db.prepare("select name from t order by id").iterate() as Iterable<{ name: string }>) {
      // The same SQL inside the loop must get a statement of its own, or better-sqlite3 throws "busy".
      names.push(row.name, (db.prepare("select name from t order by id").get() as { name: string }).name);
    }
    expect(names).toEqual(["a", "a", "b", "a", "c", "a"]);
  });

  it("keeps statements working after the schema changes under them", () => {
    const db = open();
    expect(db.prepare("select * from t where id = 1").get()).toEqual({ id: 1, name: "a" });
    db.exec("alter table t add column extra text default 'x'");
    expect(db.prepare("select * from t where id = 1").get()).toEqual({ id: 1, name: "a", extra: "x" });
  });
});
