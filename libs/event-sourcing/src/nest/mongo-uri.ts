/** The database named in a MongoDB connection string (`mongodb://host:port/<db>?…`), if any. */
export function databaseInUri(uri: string): string | undefined {
  const rest = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  const db = decodeURIComponent(rest.slice(slash + 1).split('?')[0] ?? '');
  return db.length > 0 ? db : undefined;
}
