import express, { type Router } from 'express';
import { contactRouter } from './contact.js';
import { helpRouter } from './help.js';
import { pagesRouter } from './pages.js';
import { pricingRouter } from './pricing.js';
import { productsRouter } from './products.js';
import { seoRouter } from './seo.js';
import { statusRouter } from './status.js';

/** The marketing site (after sessions): pricing, product pages, about, contact, legal, KB, FAQ, blog and its feed, status, sitemap, robots. */
export const siteRouter: Router = express.Router();
siteRouter.use(pricingRouter, productsRouter, statusRouter, helpRouter, pagesRouter, contactRouter, seoRouter);
