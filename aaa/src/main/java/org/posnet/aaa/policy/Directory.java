package org.posnet.aaa.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users and domains the AAA answers for, held in memory so an authentication never waits on the
 * database. Immutable once built; a reload swaps in a new one.
 */
public final class Directory {
  private final Map<String, Subscriber> users;
  private final Map<String, Domain> domains;

  private Directory(Map<String, Subscriber> users, Map<String, Domain> domains) {
    this.users = users;
    this.domains = domains;
  }

  public static Builder builder(int expectedUsers) {
    return new Builder(expectedUsers);
  }

  public Subscriber user(String name) {
    return users.get(Subscriber.key(name));
  }

  public Domain domain(String name) {
    return name == null ? null : domains.get(name.toUpperCase(java.util.Locale.ROOT));
  }

  public Collection<Domain> domains() {
    return domains.values();
  }

  public Collection<Subscriber> users() {
    return users.values();
  }

  public int userCount() {
    return users.size();
  }

  public static final class Builder {
    private final Map<String, Subscriber> users;
    private final Map<String, Domain> domains = new HashMap<>();

    private Builder(int expectedUsers) {
      users = new HashMap<>(Math.max(16, (int) (expectedUsers / 0.75f) + 1));
    }

    public Builder user(Subscriber s) {
      users.put(Subscriber.key(s.user()), s);
      return this;
    }

    public Builder domain(Domain d) {
      domains.put(d.name().toUpperCase(java.util.Locale.ROOT), d);
      return this;
    }

    public Builder domains(List<Domain> ds) {
      ds.forEach(this::domain);
      return this;
    }

    public Directory build() {
      return new Directory(users, Map.copyOf(domains));
    }
  }
}
