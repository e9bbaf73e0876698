/**
 * The built widget, loadable from any merchant's page as a module script. Its cross-origin headers
 * (Access-Control-Allow-Origin: *, Cross-Origin-Resource-Policy: cross-origin) come from
 * hardening/security-headers.ts, which owns every CORS and helmet header. The entry is `no-cache` +
 * ETag: browsers revalidate cheaply (304) and a new build reaches shoppers at once; hashed chunk
 * names may be cached for good.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { ApiFailure } from '../api-failure.ts';

interface ScriptFile {
  body: Buffer;
  etag: string;
  version: string;
}

const CHUNK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.m?js$/;

export function widgetScriptRoutes(distDir: string): Router {
  const router = express.Router();
  const loaded = new Map<string, ScriptFile>();

  async function load(path: string): Promise<ScriptFile | undefined> {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const version = `${info.size}:${info.mtimeMs}`;
    const known = loaded.get(path);
    if (known?.version === version) return known;
    const body = await readFile(path);
    const file = { body, version, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    loaded.set(path, file);
    return file;
  }

  /** The entry keeps its name across builds, so browsers must revalidate it; chunk names carry a content hash (vite.config.ts). */
  async function serve(req: Request, res: Response, path: string, cacheControl = 'no-cache'): Promise<void> {
    const file = await load(path);
    if (!file) throw new ApiFailure('not_found', 'This script is not built. Run `npm run build`.');
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': cacheControl,
      ETag: file.etag,
    });
    const ifNoneMatch = req.get('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
      res.status(304).end();
      return;
    }
    res.send(file.body);
  }

  router.get('/recharge-widget.js', (req, res) => serve(req, res, join(distDir, 'recharge-widget.js')));
  router.get('/chunks/:file', (req, res) => {
    const name = req.params.file;
    if (!CHUNK_NAME.test(name)) throw new ApiFailure('not_found', 'No such script.');
    return serve(req, res, join(distDir, 'chunks', name), 'public, max-age=31536000, immutable');
  });
  return router;
}
