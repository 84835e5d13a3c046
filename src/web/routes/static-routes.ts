/** `/static/*`: our stylesheet, script and htmx from memory, cached for a year (the URL carries the hash). */
import type { NextFunction, Request, Response } from 'express';
import type { Assets } from '../static/assets.js';

export function staticRoutes(assets: Assets) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.byUrl.get(req.path);
    if (!asset) return next();
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('ETag', asset.etag);
    if (req.get('If-None-Match') === asset.etag) {
      res.status(304).end();
      return;
    }
    res.send(asset.body);
  };
}
