import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "@db/client";
import { MIGRATED_IMAGE_ENV, migratedDatabase, writeMigratedImage } from "./database";

const schemaOf = (db: Db) => db.$client.prepare("select type, name, tbl_name, sql from sqlite_master order by type, name").all();
const pragmas = (db: Db) => ({
  foreignKeys: db.$client.pragma("foreign_keys", { simple: true }),
  busyTimeout: db.$client.pragma("busy_timeout", { simple: true }),
  synchronous: db.$client.pragma("synchronous", { simple: true }),
});

describe("fresh test databases copied from the migrated image", () => {
  const image = writeMigratedImage();
  const saved = process.env[MIGRATED_IMAGE_ENV];
  process.env[MIGRATED_IMAGE_ENV] = image.file;
  afterAll(() => {
    if (saved === undefined) delete process.env[MIGRATED_IMAGE_ENV];
    else process.env[MIGRATED_IMAGE_ENV] = saved;
    image.remove();
  });

  it("hold exactly the schema, migration journal and connection settings that running the migrations gives", () => {
    const migrated = openDatabase(":memory:");
    migrateDatabase(migrated);
    const copy = migratedDatabase();
    expect(schemaOf(copy)).toEqual(schemaOf(migrated));
    expect(schemaOf(copy).length).toBeGreaterThan(20);
    const journal = (db: Db) => db.$client.prepare("select hash, created_at from __drizzle_migrations order by id").all();
    expect(journal(copy)).toEqual(journal(migrated));
    expect(pragmas(copy)).toEqual(pragmas(migrated));
    expect(pragmas(copy).foreignKeys).toBe(1);
  });

  it("are independent of each other: what one test writes, the next fresh database does not see", () => {
    const first = migratedDatabase();
    const second = migratedDatabase();
    first.$client.prepare("create table scratch (n integer)").run();
    first.$client.prepare("insert into scratch values (1)").run();
    expect(second.$client.prepare("select count(*) as n from sqlite_master where name = 'scratch'").get()).toEqual({ n: 0 });
    expect(migratedDatabase().$client.prepare("select count(*) as n from sqlite_master where name = 'scratch'").get()).toEqual({ n: 0 });
  });

  it("enforce foreign keys as the app's connection does", () => {
    const db = migratedDatabase();
    db.$client.prepare("create table parent (id integer primary key)").run();
    db.$client.prepare("create table child (parent_id integer references parent(id))").run();
    expect(() => db.$client.prepare("insert into child values (42)").run()).toThrow(/FOREIGN KEY/);
  });
});
