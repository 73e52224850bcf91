import { describe, expect, it } from "vitest";
import { isCurrentPage } from "./nav-groups";

describe("isCurrentPage (the menu's plain anchors, NavLink's rule)", () => {
  it("marks the page itself and the pages below it", () => {
    expect(isCurrentPage("/dashboard", "/dashboard")).toBe(true);
    expect(isCurrentPage("/board/plans", "/board/plans/pl_1")).toBe(true);
    expect(isCurrentPage("/messages", "/messages/cv_9")).toBe(true);
  });

  it("does not mark a page whose path merely starts with the same letters, nor a parent", () => {
    expect(isCurrentPage("/needs", "/needs-archive")).toBe(false);
    expect(isCurrentPage("/roadshows/mine", "/roadshows")).toBe(false);
    expect(isCurrentPage("/search/saved", "/search")).toBe(false);
  });

  it("ignores the entry's query and the letter case, as NavLink does", () => {
    expect(isCurrentPage("/search?index=financing_needs", "/search")).toBe(true);
    expect(isCurrentPage("/Account", "/account")).toBe(true);
  });

  it("never marks the root for every page", () => {
    expect(isCurrentPage("/", "/")).toBe(true);
    expect(isCurrentPage("/", "/dashboard")).toBe(false);
  });
});
