import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, Rate, RuleChecks, StateBadge } from "~/components/financing/financing-ui";
import { ProductForm } from "~/components/financing/product-form";
import { createCreditProduct, listOwnProducts, productFormOptions, productsForEnterprise, publishedProducts } from "~/modules/financing/credit-products.server";
import { creditProductInput } from "~/modules/financing/financing-schemas";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { errorsByField } from "~/utils/action-result";
import { handleForm } from "~/utils/actions.server";
import { orHttpError } from "~/utils/route.server";
import { can } from "~/modules/access";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "creditProducts");


export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const lender = can(actor, "publish:credit-product:own");
  const enterprise = can(actor, "apply:credit-product:enterprise");
  return {
    lender,
    own: lender ? orHttpError(() => listOwnProducts(context.app, actor)) : [],
    shelf: enterprise ? orHttpError(() => productsForEnterprise(context.app, actor)) : [],
    published: !enterprise ? publishedProducts(context.app) : [],
    options: productFormOptions(context.app, actor),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleForm(request, creditProductInput, (input) => {
    const product = createCreditProduct(context.app, actor, input);
    return redirectWithToast(context.app, request, `/market/products/${product.id}`, { kind: "success", message: "financing:products.created" });
  });
}

export default function ProductsPage() {
  const { t } = useTranslation("financing");
  const { lender, own, shelf, published, options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ id: "new-product", lastResult });
  const errors = errorsByField(lastResult);
  return (
    <div className="space-y-6">
      <h1 className="page-title">{t("products.title")}</h1>
      {shelf.length ? (
        <section aria-labelledby="shelf">
          <h2 id="shelf" className="text-lg font-semibold">
            {t("products.eligibleTitle")}
          </h2>
          <ul className="mt-3 grid gap-4 md:grid-cols-2">
            {shelf.map(({ product: p, eligible, checks }) => (
              <li key={p.id} className="card space-y-2" data-testid="product-card" data-eligible={eligible}>
                <p className="flex items-center justify-between">
                  <Link to={`/market/products/${p.id}`} className="font-semibold">
                    {p.name}
                  </Link>
                  <span className={`badge ${eligible ? "bg-emerald-100 text-emerald-800" : "bg-slate-200 text-slate-700"}`}>{eligible ? t("products.eligible") : t("products.notEligible")}</span>
                </p>
                <p className="text-sm text-slate-600">
                  {p.institutionName} · {t(`productKinds.${p.kind}`)} · <Money yuan={p.minAmount} />–<Money yuan={p.maxAmount} /> · <Rate bp={p.rateMinBp} />–<Rate bp={p.rateMaxBp} />
                </p>
                <RuleChecks checks={checks} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {lender ? (
        <>
          <section className="card">
            <h2 className="text-lg font-semibold">{t("products.mine")}</h2>
            {own.length === 0 ? <p className="text-sm text-slate-600">{t("products.empty")}</p> : null}
            <ul className="mt-2 divide-y text-sm">
              {own.map((p) => (
                <li key={p.id} className="flex items-center justify-between py-2">
                  <Link to={`/market/products/${p.id}`}>{p.name}</Link>
                  <span>
                    <StateBadge kind="productStates" state={p.state} /> <Money yuan={p.minAmount} />–<Money yuan={p.maxAmount} />
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2 className="text-lg font-semibold">{t("products.new")}</h2>
            <ProductForm form={form} errors={errors} submitted={lastResult} defaults={{}} options={options} submitLabel={t("common.save")} />
          </section>
        </>
      ) : null}
      {!lender && published.length ? (
        <section className="card">
          <ul className="divide-y text-sm">
            {published.map((p) => (
              <li key={p.id} className="py-2">
                <Link to={`/market/products/${p.id}`}>{p.name}</Link> · {p.institutionName} · <Rate bp={p.rateMinBp} />–<Rate bp={p.rateMaxBp} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
