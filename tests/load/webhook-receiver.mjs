// A webhook receiver for tests/load/webhooks: listens on 127.0.0.1 (an
// ephemeral port, printed first on stdout), answers 200 to every POST and
// appends "<event id> <received ms> <event created_at ms>" per request to
// the file named by its argument. Stops on SIGTERM.
import { createServer } from 'node:http';
import { createWriteStream } from 'node:fs';

const out = createWriteStream(process.argv[2]);
const server = createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		const now = Date.now();
		res.writeHead(200).end('ok');
		try {
			const b = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			out.write(`${b.id} ${now} ${Date.parse(b.created_at)} ${b.data && b.data.t ? b.data.t : 0}\n`);
		} catch { /* not a delivery: ignored */ }
	});
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => { server.close(); out.end(() => process.exit(0)); });
