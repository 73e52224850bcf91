import { describe, expect, it } from "vitest";
import { loader } from "~/routes/_app.needs._index";

const go = (qs: string) => {
  const res = loader({ request: new Request(`http://x/needs${qs}`), params: {}, context: {} as never });
  return { status: res.status, to: res.headers.get("Location") };
};

describe("/needs is the search page's needs tab (ADR 0811)", () => {
  it("keeps the words, the instrument (as the type facet) and the page", () => {
    expect(go("?q=%E9%94%82%E7%94%B5&instrument=leasing&page=3")).toEqual({ status: 301, to: "/search?q=%E9%94%82%E7%94%B5&type=leasing&page=3" });
  });

  it("drops what the old page would have ignored: an unknown instrument, page 1, blank words", () => {
    expect(go("?q=%20&instrument=bitcoin&page=1")).toEqual({ status: 301, to: "/search" });
  });
});
