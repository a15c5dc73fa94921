using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// A second connection to the database a connection is open on: same data, same configuration
/// (lock-down included, it belongs to the database), its own session and transaction.
/// </summary>
internal static class Sibling
{
    public static DuckDBConnection Open(DuckDBConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            throw new ArgumentException("the connection must be open", nameof(connection));
        DuckDBConnection sibling;
        var shared = false;
        try
        {
            // An in-memory database exists only through its connections: duplicate one.
            sibling = connection.Duplicate();
        }
        catch (NotSupportedException)
        {
            // DuckDB.NET duplicates only in-memory connections; for a file it shares the database it
            // already has open between connections of the same connection string.
            sibling = new DuckDBConnection(connection.ConnectionString);
            shared = true;
        }
        try
        {
            sibling.Open();
            // The lock-down lives in the database instance: were DuckDB.NET ever to open a fresh
            // instance here, the sibling would be unlocked. Checked, not assumed.
            if (shared && Locked(connection) && !Locked(sibling))
                throw new InvalidOperationException("a second connection to this database would not be locked down; refusing to run SQL on it");
            return sibling;
        }
        catch
        {
            sibling.Dispose();
            throw;
        }
    }

    private static bool Locked(DuckDBConnection connection) =>
        connection.Scalar<bool>("SELECT current_setting('lock_configuration')")
        && !connection.Scalar<bool>("SELECT current_setting('enable_external_access')");
}
