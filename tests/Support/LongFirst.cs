using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("DiSu.Analytics.Tests.Support.LongFirst", "DiSu.Analytics.Tests")]

namespace DiSu.Analytics.Tests.Support;

/// <summary>A test class that takes minutes (its tests, or its fixture): it starts before the others.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute : Attribute;

/// <summary>
/// Starts the classes marked <see cref="RunsLongAttribute"/> first and the rest in xunit's own
/// (shuffled) order after them, so that the two cores finish together instead of one running a
/// long class that happened to start last while the other has nothing left to do.
/// </summary>
public sealed class LongFirst : ITestCollectionOrderer
{
    private const string PerClass = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections).OrderBy(c => RunsLong(c) ? 0 : 1);

    private static bool RunsLong(ITestCollection collection)
    {
        // A class's own collection is named after the class; a named collection has its definition type.
        var type = collection.DisplayName.StartsWith(PerClass, StringComparison.Ordinal)
            ? typeof(LongFirst).Assembly.GetType(collection.DisplayName[PerClass.Length..])
            : null;
        return type?.IsDefined(typeof(RunsLongAttribute), inherit: false) ?? false;
    }
}
