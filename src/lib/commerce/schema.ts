/** Site-wide offers (not tied to one course), one YAML file each in src/content/offers/. */
import { z } from 'astro/zod';

const localized = z.strictObject({
  /** English. */
  en: z.string().min(1),
  /** German. */
  de: z.string().min(1),
  /** Swedish. */
  sv: z.string().min(1),
});

export const siteOfferSchema = z.strictObject({
  /** What is sold: `consulting` (hours with an expert) or `seats` (places for an organisation's members, any course). */
  kind: z.enum(['consulting', 'seats']),
  /** Name of the offer on the checkout page and the invoice. */
  title: localized,
  /** One or two sentences on what the buyer gets. */
  description: localized,
  /** Price per unit (hour or seat) in EUR, VAT included, at most two decimals. */
  price: z.number().positive().multipleOf(0.01),
  /** Fewest units one order may buy (default 1). */
  minQuantity: z.int().min(1).default(1),
  /** Most units one order may buy (default 1). */
  maxQuantity: z.int().min(1).default(1),
});
export type SiteOffer = z.infer<typeof siteOfferSchema>;
