// The reload's IndexedDB read, started by index.html (this script is inlined there) as the
// page loads, so that the stored dataset is read while the app's wasm is fetched and
// compiled instead of after. Part of the storage module: it reads what
// `idb::read_streamed` would (the same database, keys and parts as src/storage/idb.rs,
// mod.rs and lock.rs name; tests/e2e/storage.test.mjs checks that a reload takes it), and
// that function takes it, once, at the storage module's first use of IndexedDB. Read-only: it never creates or upgrades the
// database (a first visit has nothing to read; the upgrade is cancelled). Any failure
// here only means the storage module reads for itself.
(function () {
  var DB = "rapport", VERSION = 1, STORE = "records";
  var FIRST = ["meta", "lock"], STREAMED = "dataset", MAX_PARTS = 65536;
  function quiet(p) {
    p.catch(function () {}); // handled by whoever awaits it; never an unhandled rejection
    return p;
  }
  function get(store, key) {
    return quiet(new Promise(function (ok, fail) {
      var r = store.get(key);
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    }));
  }
  var reads = new Promise(function (resolve) {
    var open;
    try {
      open = indexedDB.open(DB, VERSION);
    } catch (e) {
      return resolve(null);
    }
    open.onupgradeneeded = function () { open.transaction.abort(); };
    open.onerror = function (e) { e.preventDefault(); resolve(null); };
    open.onsuccess = function () {
      var db = open.result;
      try {
        var tx = db.transaction(STORE, "readonly");
        tx.oncomplete = tx.onabort = function () { db.close(); };
        var store = tx.objectStore(STORE);
        var out = { first: FIRST, streamed: STREAMED, parts: [] };
        out.values = FIRST.map(function (k) { return get(store, k); });
        // The parts are asked for in the success callback of their count, where the
        // transaction is surely active, before the count is handed on.
        out.value = quiet(new Promise(function (ok, fail) {
          var r = store.get(STREAMED);
          r.onsuccess = function () {
            var n = r.result;
            if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= MAX_PARTS) {
              for (var i = 0; i < n; i++) out.parts.push(get(store, STREAMED + "#" + String(i).padStart(6, "0")));
            }
            ok(n);
          };
          r.onerror = function () { fail(r.error); };
        }));
        resolve(out);
      } catch (e) {
        db.close();
        resolve(null);
      }
    };
  });
  // Taken once; the reads are then only referenced by their taker (dropped, they are freed).
  window.rapportPrefetch = {
    take: function () {
      var r = reads || Promise.resolve(null);
      reads = null;
      return r;
    },
  };
})();
