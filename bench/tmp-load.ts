// Throwaway: throughput of a query against a running server.
async function main() {
  const [url, token, query, n] = [
    process.argv[2],
    process.argv[3],
    process.argv[4],
    Number(process.argv[5] ?? 1000),
  ];
  const post = async () => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const b = (await r.json()) as any;
    if (b.errors) throw new Error(JSON.stringify(b.errors));
  };
  for (let i = 0; i < 20; i++) await post();
  let next = 0;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next++ < n) await post();
    }),
  );
  console.log(query.slice(0, 40), (n / ((Date.now() - start) / 1000)).toFixed(0), 'req/s');
}
main();
