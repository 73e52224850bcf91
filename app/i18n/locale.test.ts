import { describe, expect, test } from "vitest";
import { getLocale, localeCookie } from "./i18n.server";

const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("the language of a request", () => {
  test("a first visit follows Accept-Language among the supported languages", async () => {
    expect(await getLocale(request({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
    expect(await getLocale(request({ "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8" }))).toBe("zh-CN");
  });

  test("zh-CN when the browser says nothing or names only unsupported languages", async () => {
    expect(await getLocale(request({}))).toBe("zh-CN");
    expect(await getLocale(request({ "Accept-Language": "fr-FR,fr;q=0.9" }))).toBe("zh-CN");
  });

  test("an explicit choice (the cookie) wins over the header", async () => {
    const cookie = await localeCookie.serialize("zh-CN");
    expect(await getLocale(request({ "Accept-Language": "en-US", Cookie: cookie.split(";")[0]! }))).toBe("zh-CN");
  });
});
